FROM golang:1.22 AS Build
RUN go build -o /out/app .

# Aliases are case-insensitive: this is a second "build".
FROM golang:1.22 AS build  # want: DF027
RUN go build -o /out/other .

FROM alpine:3.19 AS scratch  # want: DF027
FROM alpine:3.19 AS context  # want: DF027

FROM alpine:3.19
COPY --from=build /out/app /app
CMD ["/app"]
