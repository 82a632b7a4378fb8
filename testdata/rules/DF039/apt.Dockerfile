FROM ubuntu:24.04
RUN apt update \  # want: DF039
 && apt install -y --no-install-recommends curl \  # want: DF039
 && rm -rf /var/lib/apt/lists/*
RUN sudo sh -c "apt list --installed > /tmp/packages.txt"  # want: DF039
