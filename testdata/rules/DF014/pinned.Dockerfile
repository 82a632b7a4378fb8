# Every package carries a version, or is not a repository name.
FROM debian:12-slim AS debian
ARG PACKAGES
ARG JQ_VERSION
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      -o Dpkg::Options::=--force-confold \
      -t bookworm-backports \
      curl=7.88.1-10+deb12u5 \
      "git=1:2.39.*" \
      libssl3:amd64=3.0.11-1~deb12u2 \
      jq=${JQ_VERSION} \
      $PACKAGES \
      ./vendor/agent_1.2.3_amd64.deb \
 && apt-get install -y --no-install-recommends /tmp/tool.deb \
 && rm -rf /var/lib/apt/lists/*
RUN echo "apt-get install -y curl"  # only text
# apt-get install -y curl

FROM alpine:3.19 AS alpine
RUN apk add --no-cache curl=8.5.0-r0 bash~5.2 'openssl>3.1' /tmp/local.apk

FROM rockylinux:9 AS rocky
RUN dnf install -y nginx-1.20.1 python3-3.9.18-1.el9 httpd-0:2.4.57-5.el9.x86_64 @development https://example.com/pkg.rpm \
 && dnf clean all
RUN yum localinstall -y /tmp/vendor.rpm && yum clean all

FROM opensuse/leap:15.5
RUN zypper -n install curl=8.0.1 'vim>=9.0' && zypper -n install -t pattern devel_basis && zypper clean -a
