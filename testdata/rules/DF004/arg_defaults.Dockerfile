ARG BASE=alpine:latest
ARG NODE_TAG=latest
ARG REGISTRY=ghcr.io
# Judged on the defaults of the build arguments.
FROM ${BASE} AS tools  # want: DF004
FROM node:${NODE_TAG} AS web  # want: DF004
FROM ${REGISTRY}/acme/runtime  # want: DF004
CMD ["/app"]
