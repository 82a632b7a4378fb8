FROM alpine:3.19
RUN <<EOF  # want: DF040
apk add --no-cache curl
USER 10001
