FROM alpine:3.19 AS alpine
RUN apk add --no-cache --virtual .build-deps gcc musl-dev  # want: DF014
RUN apk add --no-cache -X https://dl-cdn.alpinelinux.org/alpine/edge/testing bash curl=8.5.0-r0  # want: DF014

FROM rockylinux:9 AS rocky
RUN dnf --enablerepo crb install -y python3-devel java-17-openjdk gcc-c++ nginx-1.20.1 && dnf clean all  # want: DF014
RUN yum install -y epel-release && yum clean all  # want: DF014

FROM registry.access.redhat.com/ubi9/ubi-minimal AS ubi
RUN microdnf install -y shadow-utils && microdnf clean all  # want: DF014

FROM opensuse/leap:15.5
RUN zypper -n install --repo oss curl && zypper clean -a  # want: DF014
