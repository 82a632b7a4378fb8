# Installing the tools is not running them; scripted editors, batch top,
# listing mounts and interfaces, ssh through BuildKit's agent forwarding,
# a service started to load data and stopped again, enabling units.
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends vim nano openssh-client htop mysql-server
RUN vim -es -c 'set ff=unix' -c wq /etc/app.conf
RUN vim +PlugInstall +qall
RUN nvim --headless "+Lazy! sync" +qa
RUN emacs --batch -l /tmp/setup.el
RUN top -b -n 1 | head -5 && free -m && ps aux
RUN mount && ifconfig
RUN --mount=type=ssh ssh -T git@github.com || true
RUN service mysql start && mysql < /docker/schema.sql && service mysql stop
RUN systemctl enable nginx && systemctl mask getty@tty1.service
RUN ssh-keyscan github.com >> /etc/ssh/ssh_known_hosts
RUN curl -fsSLO https://github.com/vim/vim/archive/refs/tags/v9.1.0.tar.gz
RUN echo "connect with ssh, edit with vim" > /etc/motd
CMD ["service", "nginx", "start"]
