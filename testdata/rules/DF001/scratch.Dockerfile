FROM scratch  # want: DF001
COPY app /app
ENTRYPOINT ["/app"]
