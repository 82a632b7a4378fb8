FROM alpine:3.19 AS base
RUN adduser -D -u 10001 app
USER app

# FROM an earlier stage keeps its USER.
FROM base AS final
COPY app /app
CMD ["/app"]
