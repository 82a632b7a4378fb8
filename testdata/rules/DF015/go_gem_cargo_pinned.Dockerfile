FROM golang:1.22 AS build
ARG GOPLS_VERSION
WORKDIR /src
COPY . .
RUN go install golang.org/x/tools/gopls@v0.15.2 github.com/example/tool@4f2c1e7 golang.org/x/tools/cmd/goimports@${GOPLS_VERSION}
# Without @version go install builds the version go.mod requires.
RUN go install ./cmd/... && go install github.com/example/app/cmd/server
RUN go get github.com/gorilla/mux@v1.8.1

FROM ruby:3.3 AS ruby
RUN gem install bundler -v 2.5.6 && gem install rails:7.1.3 --no-document && gem install ./vendor/tool-1.0.gem

FROM rust:1.77 AS rust
RUN cargo install ripgrep --version 14.1.0 --locked && cargo install fd-find@9.0.0
RUN cargo install --git https://github.com/example/tool --rev 4f2c1e7 && cargo install --path .
RUN cargo +nightly install --version 0.1.2 cargo-udeps

FROM debian:12-slim
COPY --from=build /go/bin/ /usr/local/bin/
