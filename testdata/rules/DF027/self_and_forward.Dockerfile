FROM golang:1.22 AS build
COPY --from=build /go/pkg /go/pkg  # want: DF027
COPY --from=0 /etc/passwd /tmp/  # want: DF027
COPY --from=assets /dist /static  # want: DF027
COPY --from=2 /dist /static  # want: DF027
COPY --from=7 /x /x  # want: DF027
RUN --mount=from=assets,target=/assets true  # want: DF027
RUN go build -o /out/app .

FROM node:20 AS assets
RUN npm run build

FROM alpine:3.19
COPY --from=build /out/app /app
CMD ["/app"]
