FROM golang:1.22-bookworm AS build  # want: DF005
RUN go build -o /out/app .

FROM build AS test
RUN go test ./...

FROM gcr.io/distroless/static-debian12:nonroot  # want: DF005
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
