# Downloads that are saved, verified or only unpacked; shells that read a
# file or -c script while the download is their data; text that mentions it.
FROM debian:12
ARG INSTALL_SHA256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
RUN curl -fsSLo /tmp/install.sh https://example.com/install-1.4.2.sh \
 && echo "${INSTALL_SHA256}  /tmp/install.sh" | sha256sum -c - \
 && sh /tmp/install.sh
RUN curl -fsSL https://example.com/tool-1.4.2.tar.gz | tar -xz -C /usr/local/bin
RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
RUN curl -fsSL -o /tmp/x.sh https://example.com/x.sh | sh
RUN curl -fsSL https://example.com/data.json | sh -c 'cat > /tmp/data.json'
RUN curl -fsSL https://example.com/data.csv | python3 /opt/import.py
RUN wget https://example.com/y.sh && bash y.sh
RUN wget -qO- https://curl.se/download/curl-8.9.1.tar.gz | tar -xz -C /usr/src
RUN echo "curl -fsSL https://example.com/z.sh | sh" > /usr/local/bin/bootstrap
# RUN curl https://example.com/install.sh | sh
RUN VERSION="$(curl -fsSL https://example.com/latest.txt)" && echo "$VERSION"
