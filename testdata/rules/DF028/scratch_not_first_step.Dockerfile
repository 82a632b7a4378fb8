FROM golang:1.22 AS build
RUN go build -o /out/app .

FROM scratch
COPY --from=build /out/app /app
# Not the squash idiom: the whole build stage lands next to the binary.
COPY --from=build / /  # want: DF028
ENTRYPOINT ["/app"]
