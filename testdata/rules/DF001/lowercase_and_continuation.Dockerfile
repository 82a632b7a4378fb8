from alpine:3.19
run apk add --no-cache \
    curl
user \  # want: DF001
  root
