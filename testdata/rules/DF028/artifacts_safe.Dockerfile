FROM golang:1.22 AS build
RUN go build -o /out/app .

# A stage that only collects artefacts.
FROM scratch AS artifacts
COPY --from=build /out/app /bin/app

FROM artifacts AS more
COPY --from=build /out/app /bin/app2

# A build stage copying another whole stage does not ship.
FROM debian:bookworm-slim AS test
COPY --from=build / /

FROM gcr.io/distroless/static:nonroot
COPY --from=artifacts / /
COPY --from=more . /
COPY --from=build /out/app /app
# An external image is not a build stage of this file.
COPY --from=busybox:1.36-musl / /busybox/
ENTRYPOINT ["/app"]
