# A daemon reached over TCP with TLS verification, a host the file cannot
# know, and text or URLs that only look like the socket.
FROM docker:27-cli
ENV DOCKER_HOST=tcp://docker:2376 \
    DOCKER_TLS_VERIFY=1 \
    DOCKER_CERT_PATH=/certs/client
RUN docker -H tcp://build-host:2376 --tlsverify info
ARG DOCKER_HOST
RUN echo "run with -v /var/run/docker.sock:/var/run/docker.sock" > /README
RUN curl -fsSL -o /etc/systemd/system/cri-docker.socket \
    https://raw.githubusercontent.com/Mirantis/cri-dockerd/v0.3.15/packaging/systemd/cri-docker.socket
# RUN chmod 666 /var/run/docker.sock
ENV CONTAINERD_ADDRESS=/run/containerd/containerd.sock
