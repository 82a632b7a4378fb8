FROM docker:27-cli
RUN chmod 666 /var/run/docker.sock  # want: DF034
RUN docker -H unix:///var/run/docker.sock pull alpine:3.20  # want: DF034
RUN curl --unix-socket /run/docker.sock http://localhost/version  # want: DF034
ENV DOCKER_HOST=unix:///var/run/docker.sock  # want: DF034
RUN docker -H tcp://build-host:2375 build -t app .  # want: DF034
RUN export DOCKER_HOST=tcp://build-host:2375 && docker info  # want: DF034

FROM alpine:3.20
ENV DOCKER_HOST=tcp://docker:2375  # want: DF034
ARG REMOTE_DAEMON=tcp://10.0.0.5:2376
ENV DOCKER_HOST=${REMOTE_DAEMON}  # want: DF034
