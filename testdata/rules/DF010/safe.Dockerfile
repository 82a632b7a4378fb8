# Verified installs; the option names appear only in comments, echo and URLs.
# apt-get install --allow-unauthenticated would disable the check.
FROM debian:12-slim
ARG APT_OPTS
RUN echo "never use apt-get --allow-unauthenticated or --force-yes" \
 && apt-get update \
 && apt-get install -y --no-install-recommends -o APT::Get::AllowUnauthenticated=false curl \
 && apt-get install -y $APT_OPTS git \
 && rm -rf /var/lib/apt/lists/*
RUN echo "deb [signed-by=/etc/apt/keyrings/example.asc] https://repo.example.com/apt stable main" > /etc/apt/sources.list.d/example.list
RUN curl -fsSLo /tmp/notes https://example.com/docs/--nogpgcheck

FROM rockylinux:9
RUN rpm --import https://repo.example.com/RPM-GPG-KEY \
 && dnf install -y --setopt=repo_gpgcheck=1 nginx \
 && dnf clean all
RUN printf '[internal]\nbaseurl=https://mirror.local/el9\ngpgcheck=1\n' > /etc/yum.repos.d/internal.repo

FROM opensuse/leap:15.5
# New repository keys are trusted on first use; packages are still verified.
RUN zypper --gpg-auto-import-keys -n refresh && zypper -n install curl && zypper clean -a
