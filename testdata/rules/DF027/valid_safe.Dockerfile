ARG CACHE_STAGE=deps
FROM golang:1.22 AS build
RUN go build -o /out/app .

FROM node:20 AS deps
RUN --mount=type=cache,target=/root/.npm npm ci

FROM nginx:1.25 AS nginx
FROM alpine:3.19 AS tools

FROM alpine:3.19
# Stages by alias (case-insensitive) and by index.
COPY --from=Build /out/app /app
COPY --from=0 /out/app /app2
COPY --from=nginx /etc/nginx/nginx.conf /etc/nginx/
# Images: a tag, a registry path or a digest says so.
COPY --from=busybox:1.36 /bin/busybox /bin/busybox
COPY --from=ghcr.io/acme/tools /bin/tool /bin/tool
COPY --from=gcr.io/distroless/static@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef /etc/passwd /etc/passwd
RUN --mount=type=bind,from=tools,source=/bin,target=/tools /tools/true
ARG CACHE_STAGE
RUN --mount=type=cache,from=${CACHE_STAGE},source=/root/.npm,target=/root/.npm true
RUN --mount=type=cache,target=/var/cache/apk apk add --no-cache curl=8.5.0-r0
CMD ["/app"]
