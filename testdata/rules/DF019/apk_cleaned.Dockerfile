FROM alpine:3.19
RUN apk add --no-cache curl=8.5.0-r0
RUN apk update && apk add curl=8.5.0-r0 && rm -rf /var/cache/apk/*
RUN --mount=type=cache,target=/var/cache/apk apk add gcc=13.2.1_git20231014-r0
# --no-network: nothing is downloaded.
RUN find /usr/local -type f | xargs -rt apk add --no-network --virtual .rundeps
