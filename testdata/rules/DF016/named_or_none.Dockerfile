# Upgrading named packages is a deliberate choice; installs are not upgrades.
FROM debian:12-slim AS debian
ARG PKGS
RUN apt-get update \
 && apt-get install -y --no-install-recommends --only-upgrade openssl=3.0.11-1~deb12u2 \
 && rm -rf /var/lib/apt/lists/*
RUN echo "apt-get upgrade is not run here"
# RUN apt-get upgrade -y

FROM alpine:3.19 AS alpine
RUN apk upgrade --no-cache openssl && apk add --no-cache --upgrade curl=8.5.0-r0

FROM rockylinux:9 AS rocky
RUN dnf upgrade -y openssl && dnf update -y $PKGS && dnf clean all

FROM opensuse/leap:15.5
RUN zypper -n update openssl && zypper clean -a
