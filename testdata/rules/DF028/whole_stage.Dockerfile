FROM golang:1.22 AS build
RUN --mount=type=secret,id=netrc,target=/root/.netrc go build -o /out/app .

FROM node:20 AS web
RUN npm ci && npm run build

FROM debian:bookworm-slim AS runtime
# Everything of the build stage, toolchain and caches included.
COPY --from=build / /  # want: DF028
COPY --from=web . /srv/  # want: DF028

FROM runtime
COPY --from=1 /* /rootfs/  # want: DF028
CMD ["/app"]
