FROM alpine:3.19
RUN apk add --no-cache curl
COPPY app /app  # want: DF040
USER 10001
