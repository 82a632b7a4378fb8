FROM alpine:3.19
# root is DF001's business, not a "name" problem.
USER root
CMD ["/app"]
