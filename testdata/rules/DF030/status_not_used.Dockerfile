# Pipelines where pipefail changes nothing or nothing can fail: the
# producer is echo/printf/yes, the status of the pipeline is not read (an
# argument's substitution, || true, a condition), and || is not a pipe.
FROM debian:12
RUN echo "deb [signed-by=/usr/share/keyrings/x.gpg] https://apt.example.com stable main" \
    | tee /etc/apt/sources.list.d/example.list
RUN { echo 'tzdata tzdata/Areas select Etc'; echo 'tzdata tzdata/Zones/Etc select UTC'; } \
    | debconf-set-selections
RUN yes | unminimize || true
RUN export ARCH="$(dpkg --print-architecture | sed 's/ppc64el/ppc64le/')" && echo "$ARCH"
RUN if dpkg -l | grep -q nginx; then echo present; fi
RUN test -f /etc/os-release || exit 1
