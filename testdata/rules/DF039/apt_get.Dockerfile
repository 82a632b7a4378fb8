# apt-get and apt-cache are the stable interfaces; "apt" in text is not a command.
FROM ubuntu:24.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && apt-cache policy curl \
 && echo "apt install is for people" \
 && ls /etc/apt \
 && rm -rf /var/lib/apt/lists/*
# RUN apt install vim
