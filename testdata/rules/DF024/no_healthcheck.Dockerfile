FROM golang:1.22 AS build
# A HEALTHCHECK in a build stage does not reach the image.
HEALTHCHECK CMD true
RUN go build -o /out/server .

FROM debian:bookworm-slim  # want: DF024
COPY --from=build /out/server /usr/local/bin/server
CMD ["server"]
