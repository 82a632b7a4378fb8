# sudo is found through sh -c strings, exec form, heredocs, subshells and
# ONBUILD, as the parsed shell sees it.
FROM ubuntu:24.04
USER ubuntu
RUN sh -c "make && sudo make install"  # want: DF003
RUN ["sudo", "chown", "-R", "ubuntu", "/opt/app"]  # want: DF003
RUN (cd /opt/app && sudo -E ./install.sh)  # want: DF003
RUN <<EOF
set -e
sudo mkdir -p /opt/data  # want: DF003
EOF
ONBUILD RUN sudo npm ci  # want: DF003
