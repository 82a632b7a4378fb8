# The same downloads with verification on, a private CA added instead,
# and text that only mentions the flags.
FROM debian:12
COPY corp-root-ca.crt /usr/local/share/ca-certificates/corp-root-ca.crt
RUN update-ca-certificates
RUN curl -fsSL --cacert /usr/local/share/ca-certificates/corp-root-ca.crt https://example.com/a -o /tmp/a
RUN curl -fsSL -u deploy:-k https://example.com/b -o /tmp/b
RUN wget -q https://example.com/b.tgz
RUN pip install --no-cache-dir --cert /etc/ssl/certs/ca-certificates.crt -r requirements.txt
RUN git config --global http.sslCAInfo /etc/ssl/certs/ca-certificates.crt \
 && git config --global http.sslVerify true
RUN npm config set strict-ssl true && npm config set cafile /etc/ssl/certs/ca-certificates.crt
RUN dnf --setopt=sslverify=1 install -y httpd || true
RUN sed -i 's/sslverify=0/sslverify=1/' /etc/yum.repos.d/legacy.repo
RUN echo "never use curl -k or --no-check-certificate"
# RUN curl -k https://example.com
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/corp-root-ca.crt \
    NODE_TLS_REJECT_UNAUTHORIZED=1 \
    PYTHONHTTPSVERIFY=1
ARG PIP_TRUSTED_HOST
ARG GIT_SSL_NO_VERIFY
ENV CURL_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
# A health probe of the container's own self-signed endpoint is not a build input.
HEALTHCHECK CMD curl -fsk https://localhost:8443/healthz || exit 1
