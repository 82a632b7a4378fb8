FROM alpine:3.19
MAINTAINER Jane Doe <jane@example.com>  # want: DF036
CMD ["/app"]
