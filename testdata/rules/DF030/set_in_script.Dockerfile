FROM ubuntu:24.04
RUN set -euo pipefail && curl -fsSL https://example.com/a.tgz | tar -xz
RUN ["bash", "-o", "pipefail", "-c", "curl -fsSL https://example.com/b.tgz | tar -xz"]
RUN <<EOF
#!/bin/bash
set -eux -o pipefail
curl -fsSL https://example.com/c.tgz | tar -xz
EOF
