# syntax=docker/dockerfile:1
FROM alpine:3.19
RUN <<EOF
apk add --no-cache curl
EOF
COPY --chown=10001 app /app
USER 10001
