FROM debian:12
RUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /usr/local/bin  # want: DF030
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl jq \
 && VERSION=$(curl -fsSL https://api.example.com/latest | jq -r .tag) \  # want: DF030
 && echo "$VERSION" > /etc/tool-version
RUN <<EOF
set -e
git ls-files | tar -cf /tmp/src.tar -T -  # want: DF030
EOF
RUN ["bash", "-c", "curl -fsSL https://example.com/a.tgz | tar -xz"]  # want: DF030
