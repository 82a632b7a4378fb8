#!/bin/sh
set -eu
# stridelint ignore=DD021 -- throwaway build VM, destroyed after the job
sudo chmod 666 /var/run/docker.sock  # want-suppressed: DD021
chmod -R o+rw /run/docker.sock  # stridelint ignore=DD021 -- same VM  # want-suppressed: DD021
sh -c 'chmod a+rw /var/run/docker.sock'  # want: DD021
