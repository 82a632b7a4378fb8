# The build stage drops root, but the image that ships is the final stage.
FROM golang:1.22 AS build
USER 10001
RUN go build -o /out/app .

FROM alpine:3.19  # want: DF001
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
