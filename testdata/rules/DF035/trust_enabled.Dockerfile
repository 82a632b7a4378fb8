# Content trust on, left to the builder (no default), or the flag turned
# off explicitly.
FROM docker:27-cli
ENV DOCKER_CONTENT_TRUST=1
ARG DCT
ENV DOCKER_CONTENT_TRUST=${DCT:-1}
RUN docker pull --disable-content-trust=false alpine:3.20
RUN echo "DOCKER_CONTENT_TRUST=0 is not allowed here"
