FROM debian:12-slim AS debian
RUN apt-get update \
 && apt-get -y upgrade \  # want: DF016
 && rm -rf /var/lib/apt/lists/*
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get dist-upgrade -y && rm -rf /var/lib/apt/lists/*  # want: DF016
RUN sh -c 'apt-get update && apt-get full-upgrade -y' && rm -rf /var/lib/apt/lists/*  # want: DF016

FROM alpine:3.19 AS alpine
RUN apk upgrade --no-cache  # want: DF016

FROM rockylinux:9 AS rocky
RUN dnf -y update && dnf clean all  # want: DF016
RUN yum upgrade -y --security && yum clean all  # want: DF016
RUN ["microdnf", "update", "-y"]  # want: DF016

FROM opensuse/leap:15.5
RUN zypper -n dup && zypper clean -a  # want: DF016
RUN zypper -n patch && zypper clean -a  # want: DF016
