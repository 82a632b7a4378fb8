#!/bin/sh
# Provisioning script of a build host: the usual shortcuts.
set -eu
curl -fsSL https://get.docker.com | sh
sudo chmod 666 /var/run/docker.sock
export DOCKER_CONTENT_TRUST=0
docker pull registry.example.com/app/web:latest
