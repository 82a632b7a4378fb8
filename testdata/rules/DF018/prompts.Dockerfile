FROM debian:12-slim AS debian
RUN apt-get update \
 && apt-get install --no-install-recommends curl \  # want: DF018
 && rm -rf /var/lib/apt/lists/*
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install --no-install-recommends git && rm -rf /var/lib/apt/lists/*  # want: DF018
RUN apt-get -q purge --auto-remove wget  # want: DF018
RUN ["apt-get", "install", "--no-install-recommends", "vim"]  # want: DF018

FROM rockylinux:9 AS rocky
RUN dnf install nginx && dnf clean all  # want: DF018
RUN yum --enablerepo epel install htop && yum clean all  # want: DF018

FROM opensuse/leap:15.5
# After the command, -n is --name, not --non-interactive.
RUN zypper install -n curl && zypper clean -a  # want: DF018
