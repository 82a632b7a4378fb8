FROM nginx:1.27-alpine
ARG KEY_FILE
ARG TLS_KEY=tls/server.key
COPY ${KEY_FILE} /etc/nginx/tls/
COPY ${TLS_KEY} /etc/nginx/tls/  # want: DF008
USER nginx
