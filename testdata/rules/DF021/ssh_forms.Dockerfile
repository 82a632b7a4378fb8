FROM debian:bookworm-slim
ARG SSH_PORT=22
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server && rm -rf /var/lib/apt/lists/*
EXPOSE 22  # want: DF021
EXPOSE 80 22/tcp  # want: DF021
EXPOSE 22/udp  # want: DF021
# A range that contains 22.
EXPOSE 20-25  # want: DF021
# A variable whose default is 22.
EXPOSE $SSH_PORT  # want: DF021
# The container port of a host mapping.
EXPOSE 2222:22  # want: DF021
CMD ["/usr/sbin/sshd", "-D"]
