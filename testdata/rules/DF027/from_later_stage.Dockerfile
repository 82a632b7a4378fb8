# "base" is defined below: BuildKit pulls docker.io/library/base instead.
FROM base AS app  # want: DF027
COPY . /app
CMD ["/app/run"]

FROM debian:bookworm-slim AS base
RUN apt-get update
