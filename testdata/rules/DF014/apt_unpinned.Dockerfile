FROM debian:12-slim
ARG CURL_VERSION=7.88.1-10+deb12u5
RUN apt-get update \
 && apt-get install -y --no-install-recommends \  # want: DF014
      -o Dpkg::Options::=--force-confold \
      -t bookworm-backports \
      ca-certificates curl=${CURL_VERSION} git \
 && rm -rf /var/lib/apt/lists/*
RUN apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y tini && rm -rf /var/lib/apt/lists/*  # want: DF014
RUN ["/bin/sh", "-c", "apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*"]  # want: DF014
RUN <<EOF
apt-get update
apt-get install -y --no-install-recommends wget  # want: DF014
rm -rf /var/lib/apt/lists/*
EOF
