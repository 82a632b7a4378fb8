FROM debian:bookworm-slim
RUN useradd --uid 10001 app
# The user part decides: a numeric group does not help.
USER app:10001  # want: DF002
ENTRYPOINT ["/usr/local/bin/app"]
