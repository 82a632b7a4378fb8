FROM nginx:1.27-alpine
COPY server.key /etc/nginx/tls/  # want: DF008
COPY tls/privkey.pem /etc/nginx/tls/privkey.pem  # want: DF008
COPY certs/*.key /etc/nginx/tls/  # want: DF008
COPY keystore.p12 /opt/app/  # want: DF008
COPY tls/cert.pem tls/ca.pem tls/fullchain.pem /etc/nginx/tls/
COPY certs/*.pem /etc/nginx/certs/
COPY certs/*.crt /usr/local/share/ca-certificates/
USER nginx
