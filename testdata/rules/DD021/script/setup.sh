#!/bin/sh
set -eu
apt-get install -y docker-ce
sudo chmod 666 /var/run/docker.sock  # want: DD021
chmod 0660 /var/run/docker.sock
chmod -R o+rw /run/docker.sock  # want: DD021
chmod 777 /opt/app
echo "chmod 777 /var/run/docker.sock"
chmod a+w "$SOCKET"
sh -c 'chmod a+rw /var/run/docker.sock'  # want: DD021
