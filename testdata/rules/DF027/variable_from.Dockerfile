ARG BUILDER=build
FROM golang:1.22 AS build
RUN go build -o /out/app .

FROM alpine:3.19
# BuildKit does not expand variables in --from.
COPY --from=${BUILDER} /out/app /app  # want: DF027
CMD ["/app"]
