# Accounts without passwords: locked, created with none, or unlocked only
# for key-based access. Text that only mentions the commands.
FROM debian:12
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin app \
 && passwd -l root \
 && usermod -L app \
 && usermod -p '*' app \
 && usermod -p '!' root
RUN adduser --disabled-password --gecos '' builder
RUN echo "set a password at runtime with chpasswd" > /etc/motd
# RUN echo 'root:root' | chpasswd
USER 10001
