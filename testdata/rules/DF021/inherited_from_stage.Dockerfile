FROM alpine:3.19 AS sshd
RUN apk add --no-cache openssh-server
EXPOSE 22/tcp  # want: DF021

# Built FROM the stage above: its EXPOSE ships.
FROM sshd
CMD ["/usr/sbin/sshd", "-D"]
