FROM alpine:3.20
ADD https://example.com/tool-1.4.2.tar.gz /tmp/  # want: DF012
ARG VERSION=1.4.2
# The version is a variable, the download is remote whatever it is.
ADD https://github.com/org/tool/releases/download/v${VERSION}/tool.tgz /tmp/  # want: DF012
ARG KEY_URL=http://example.com/release.key
ADD --chmod=0644 ${KEY_URL} /etc/apk/keys/example.rsa.pub  # want: DF012
ADD https://github.com/org/repo.git#v1.4.2 /src  # want: DF012
ADD git@github.com:org/private.git /private  # want: DF012
ADD https://github.com/org/repo.git?ref=main&keep-git-dir=1 /repo  # want: DF012
