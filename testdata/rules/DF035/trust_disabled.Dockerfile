FROM docker:27-cli
ENV DOCKER_CONTENT_TRUST=0  # want: DF035
ARG DOCKER_CONTENT_TRUST=false  # want: DF035
RUN DOCKER_CONTENT_TRUST=0 docker pull alpine:3.20  # want: DF035
RUN export DOCKER_CONTENT_TRUST=0 && docker pull alpine:3.20  # want: DF035
RUN docker pull --disable-content-trust alpine:3.20  # want: DF035

FROM docker:27-cli
ARG DCT=0
ENV DOCKER_CONTENT_TRUST=${DCT}  # want: DF035
