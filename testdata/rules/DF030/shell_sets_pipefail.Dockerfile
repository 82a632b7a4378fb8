FROM debian:12 AS base
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /usr/local/bin

# The SHELL carries over to a stage built FROM this one.
FROM base AS app
RUN curl -fsSL https://example.com/app.tgz | tar -xz -C /opt

FROM alpine:3.20
SHELL ["/bin/ash", "-euo", "pipefail", "-c"]
RUN wget -qO- https://example.com/tool.tgz | tar -xz
SHELL ["/bin/sh", "-c"]
RUN wget -qO- https://example.com/other.tgz | tar -xz  # want: DF030
