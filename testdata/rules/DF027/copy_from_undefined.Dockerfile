FROM golang:1.22 AS builder
RUN go build -o /out/app .

FROM alpine:3.19
# A typo: BuildKit pulls docker.io/library/buidler:latest instead.
COPY --from=buidler /out/app /app  # want: DF027
RUN --mount=type=bind,from=toolz,source=/bin/tool,target=/tool /tool  # want: DF027
CMD ["/app"]
