FROM opensuse/leap:15.5
RUN zypper -n install curl=8.0.1 && zypper clean -a
RUN zypper -n install vim=9.0 && zypper cc --all
RUN zypper -n install git=2.43 && rm -rf /var/cache/zypp/*
