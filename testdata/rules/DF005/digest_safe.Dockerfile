ARG BASE
FROM golang:1.22@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS build
RUN go build -o /out/app .

# Unknown: no default.
FROM ${BASE} AS other

FROM scratch
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
