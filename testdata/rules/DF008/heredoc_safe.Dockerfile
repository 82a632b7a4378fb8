# syntax=docker/dockerfile:1
FROM node:20-alpine
ARG NPM_TOKEN
ARG NODE_ENV=production
# A quoted delimiter keeps ${NPM_TOKEN} as written: npm reads it at run time.
COPY <<'EOF' /root/.npmrc
//registry.npmjs.org/:_authToken=${NPM_TOKEN}
EOF
COPY <<EOF /app/.env
NODE_ENV=${NODE_ENV}
PORT=8080
DB_PASSWORD_FILE=/run/secrets/db
EOF
COPY <<EOF /app/app.ini
[server]
port = 8080
password_file = /run/secrets/db
EOF
USER node
