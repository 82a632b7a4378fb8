FROM debian:12-slim
RUN apt-get update  # want: DF017
RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN sudo apt-get -qq update && echo "index refreshed"  # want: DF017
RUN <<EOF
set -eux
apt update  # want: DF017
EOF
