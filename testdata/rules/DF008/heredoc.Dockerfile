# syntax=docker/dockerfile:1
FROM node:20-alpine
ARG NPM_TOKEN
COPY <<EOF /root/.npmrc  # want: DF008
//registry.npmjs.org/:_authToken=${NPM_TOKEN}
EOF
COPY <<EOF /app/config.ini  # want: DF008
[database]
host = db
password = hunter2
EOF
USER node
