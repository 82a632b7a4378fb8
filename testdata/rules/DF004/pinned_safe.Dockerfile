ARG GO_VERSION
ARG BASE
FROM golang:${GO_VERSION} AS build
RUN go build -o /out/app .

# No default: unknown is not reported.
FROM ${BASE} AS other

# A digest pins the content: the tag is only a label.
FROM nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS web

# An earlier stage is not an image to pull.
FROM build AS test
RUN go test ./...

FROM scratch AS export
COPY --from=build /out/app /

FROM python:3.12-slim-bookworm
FROM nginx:1.25 AS nginx
COPY --from=build /out/app /app
CMD ["/app"]
