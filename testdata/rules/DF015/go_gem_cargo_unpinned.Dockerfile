FROM golang:1.22 AS build
RUN go install golang.org/x/tools/gopls@latest  # want: DF015
RUN CGO_ENABLED=0 go install -ldflags "-s -w" github.com/example/tool/cmd/tool@master  # want: DF015
RUN go install honnef.co/go/tools/cmd/staticcheck@v0  # want: DF015
RUN go get github.com/gorilla/mux  # want: DF015

FROM ruby:3.3 AS ruby
RUN gem install bundler  # want: DF015
RUN gem install --no-document -i /opt/gems rails  # want: DF015

FROM rust:1.77 AS rust
RUN cargo install --locked ripgrep  # want: DF015
RUN cargo install --git https://github.com/example/tool --branch main  # want: DF015

FROM debian:12-slim
COPY --from=build /go/bin/ /usr/local/bin/
