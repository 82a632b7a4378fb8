# A build stage may run as root; the final stage does not.
FROM golang:1.22 AS build
RUN go build -o /out/app .

FROM gcr.io/distroless/static:nonroot
COPY --from=build /out/app /app
USER 65532:65532
ENTRYPOINT ["/app"]
