FROM node:20-alpine AS deps
WORKDIR /app
COPY .npmrc package.json package-lock.json ./  # want: DF008
RUN npm ci

FROM alpine:3.20 AS keys
COPY id_ed25519 /root/.ssh/  # want: DF008

FROM node:20-alpine AS base
COPY .env /app/  # want: DF008

FROM base
COPY --from=deps /app/node_modules /app/node_modules
COPY --from=keys /root/.ssh/id_ed25519 /root/.ssh/id_ed25519  # want: DF008
USER node
