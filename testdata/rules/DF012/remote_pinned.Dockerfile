# Remote sources pinned by checksum or by full commit hash, a source that a
# build argument without default decides, and local files (DF013's).
FROM alpine:3.20
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \
    https://example.com/tool-1.4.2.tar.gz /tmp/
ADD https://github.com/org/repo.git#3f2a9c4b1e6d8f7a0b5c2d4e6f8a1b3c5d7e9f0a /src
ADD https://github.com/org/repo.git?ref=3f2a9c4b1e6d8f7a0b5c2d4e6f8a1b3c5d7e9f0a&keep-git-dir=1 /repo
ADD --checksum=3f2a9c4b1e6d8f7a0b5c2d4e6f8a1b3c5d7e9f0a https://github.com/org/repo.git#v1.4.2 /pinned
ARG ARTIFACT_URL
ARG REPO_REF
ADD https://github.com/org/repo.git#${REPO_REF} /unknown-ref
ADD ${ARTIFACT_URL} /tmp/artifact
ADD rootfs.tar.xz /
COPY https-proxy.conf /etc/
