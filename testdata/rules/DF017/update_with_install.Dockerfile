# The index is used in the same RUN, or by a script that may install.
FROM debian:12-slim
ARG INSTALL=apt-get
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN apt-get update \
 && sh -c "apt-get install -y --no-install-recommends git" \
 && rm -rf /var/lib/apt/lists/*
RUN apt-get update && xargs -a /tmp/packages.txt apt-get install -y --no-install-recommends && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*
RUN apt-get update && ./scripts/install-deps.sh && rm -rf /var/lib/apt/lists/*
RUN apt-get update && $INSTALL install -y vim && rm -rf /var/lib/apt/lists/*
RUN apk update && apk add --no-cache curl
RUN echo "apt-get update"
