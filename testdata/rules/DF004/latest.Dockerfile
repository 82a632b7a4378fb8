FROM --platform=$BUILDPLATFORM golang:latest AS build  # want: DF004
RUN go build -o /out/app .

FROM localhost:5000/base  # want: DF004
COPY --from=build /out/app /app
CMD ["/app"]
