# Build arguments without a default are given at build time; the secret
# itself goes through a secret mount.
ARG GITHUB_TOKEN
FROM node:20-alpine
ARG NPM_TOKEN
ARG DB_PASSWORD=""
ARG API_KEY=${DEFAULT_API_KEY}
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
USER node
