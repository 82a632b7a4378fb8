# The user comes from a build argument with no default: unknown is not insecure.
FROM alpine:3.19
ARG APP_UID
USER ${APP_UID}
CMD ["sh"]
