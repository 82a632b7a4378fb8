FROM debian:12-slim AS base
ARG APT_OPTS
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && apt-get install -y git --no-install-recommends \
 && apt-get install -y -o APT::Install-Recommends=false wget \
 && apt-get install -y $APT_OPTS jq \
 && apt-get update \
 && rm -rf /var/lib/apt/lists/*

FROM base AS configured
RUN echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/99no-recommends \
 && apt-get update && apt-get install -y vim && rm -rf /var/lib/apt/lists/*

FROM configured
RUN apt-get update && apt-get install -y less && rm -rf /var/lib/apt/lists/*
