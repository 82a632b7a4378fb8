FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.9.0 AS xx

FROM debian:bookworm-slim AS rootfs
RUN apt-get update && apt-get install -y --no-install-recommends systemd && rm -rf /var/lib/apt/lists/*

# Squash the stage above into one layer: the image is that stage by design.
FROM scratch
COPY --from=rootfs / /
# A stage that only names an image holds that image's files.
COPY --from=xx / /
CMD ["/sbin/init"]
