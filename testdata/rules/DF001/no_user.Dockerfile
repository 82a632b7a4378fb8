FROM alpine:3.19  # want: DF001
RUN apk add --no-cache curl
CMD ["curl", "--version"]
