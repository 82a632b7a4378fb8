FROM debian:12-slim AS debian
ARG APT_OPTS
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && apt-get install --yes --no-install-recommends git \
 && apt-get install --assume-yes --no-install-recommends wget \
 && apt-get -qq install --no-install-recommends jq \
 && apt-get -q=2 install --no-install-recommends less \
 && apt-get -o APT::Get::Assume-Yes=true install --no-install-recommends vim \
 && apt-get install $APT_OPTS --no-install-recommends tini \
 && yes | apt-get install --no-install-recommends file \
 && apt-get install -s --no-install-recommends zip \
 && apt-get update \
 && rm -rf /var/lib/apt/lists/*

FROM debian:12-slim AS configured
RUN echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/90assume-yes
RUN apt-get update && apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*

FROM debian:12-slim AS copied
COPY 90noninteractive /etc/apt/apt.conf.d/
RUN apt-get update && apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*

FROM alpine:3.19 AS alpine
RUN apk add --no-cache curl

FROM rockylinux:9 AS rocky
RUN dnf install -y nginx && yum --assumeyes install htop && dnf --setopt=assumeyes=True install httpd && dnf clean all
RUN microdnf install shadow-utils && microdnf clean all

FROM opensuse/leap:15.5
RUN zypper -n install curl && zypper --non-interactive in vim && zypper install -y git && zypper clean -a
