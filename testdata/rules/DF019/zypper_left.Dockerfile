FROM opensuse/leap:15.5
# Plain zypper clean removes downloaded packages, not the metadata.
RUN zypper -n install curl=8.0.1 && zypper clean  # want: DF019
RUN zypper -n install vim=9.0  # want: DF019
