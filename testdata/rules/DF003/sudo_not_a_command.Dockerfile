# The word sudo that is not a command: installing the package, adding a
# user to the sudo group, printing it, looking it up, a comment.
FROM debian:12
RUN apt-get update \
 && apt-get install -y --no-install-recommends sudo \
 && usermod -aG sudo root \
 && echo "sudo is installed" \
 && command -v sudo \
 && grep sudo /etc/group
# sudo apt-get update
RUN echo 'Defaults env_keep += "http_proxy"' > /etc/sudoers.d/proxy
RUN pseudo -- ls /
RUN curl -fsSLO https://www.sudo.ws/dist/sudo-1.9.15p5.tar.gz
USER 10001
CMD ["sudo", "--version"]
