FROM golang:1.22 AS build
# A build stage may use names: it does not ship.
USER nobody
RUN go build -o /tmp/app .

FROM gcr.io/distroless/static:nonroot
COPY --from=build /tmp/app /app
USER 65532:nonroot
ENTRYPOINT ["/app"]
