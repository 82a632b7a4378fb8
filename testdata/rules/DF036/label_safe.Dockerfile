FROM alpine:3.19
LABEL org.opencontainers.image.authors="jane@example.com"
# MAINTAINER in a comment or a label value is not the instruction.
LABEL description="MAINTAINER field replaced"
CMD ["/app"]
