FROM alpine:3.19
ARG APP_USER=app
RUN adduser -D "$APP_USER"
USER ${APP_USER}  # want: DF002
CMD ["/app"]
