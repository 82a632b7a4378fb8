FROM alpine:3.19
RUN apk update && apk add curl=8.5.0-r0  # want: DF019
RUN apk add --virtual .deps gcc=13.2.1_git20231014-r0  # want: DF019
