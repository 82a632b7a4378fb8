FROM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /out/server .

# A scratch image that runs is a container like any other.
FROM scratch  # want: DF024
COPY --from=build /out/server /server
ENTRYPOINT ["/server"]
