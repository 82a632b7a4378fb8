FROM golang:1.23 AS build
ENV CGO_ENABLED=0 \
    GOFLAGS=-mod=readonly \
    GOPRIVATE_TOKEN=glpat-CzJr4i0B3JrTAwR4y9oj \  # want: DF007
    GOPROXY=https://proxy.golang.org
RUN go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static:nonroot
ENV APP_PORT=8080 \
    APP_SECRET=k9Lm2Nq8Rt4Vw6Xy \  # want: DF007
    APP_LOG=info
COPY --from=build /out/app /app
USER 65532:65532
ENTRYPOINT ["/app"]
