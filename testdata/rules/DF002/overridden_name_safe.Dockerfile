FROM alpine:3.19
RUN adduser -D -u 10001 app
USER app
RUN touch /home/app/.ready
# Only the last USER counts.
USER 10001
CMD ["/app"]
