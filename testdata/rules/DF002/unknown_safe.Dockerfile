FROM alpine:3.19
ARG RUN_AS
# No default: the value is unknown, and unknown is not insecure.
USER ${RUN_AS}
CMD ["/app"]
