FROM alpine:3.20
RUN apk add --no-cache openssh-client git
COPY id_rsa /root/.ssh/id_rsa  # want: DF008
COPY keys/id_ed25519 keys/id_ed25519.pub /root/.ssh/  # want: DF008
COPY deploy_key /root/.ssh/id_ecdsa  # want: DF008
COPY ssh /root/.ssh  # want: DF008
COPY ["deploy/id_rsa*", "/root/.ssh/"]  # want: DF008
COPY known_hosts /root/.ssh/known_hosts
COPY id_rsa.pub /root/.ssh/authorized_keys
COPY ssh_config /root/.ssh/config
USER 10001
