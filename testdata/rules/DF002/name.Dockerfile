FROM node:20-alpine
WORKDIR /app
COPY . .
RUN npm ci --omit=dev
# Kubernetes runAsNonRoot cannot check a name.
USER node  # want: DF002
CMD ["node", "server.js"]
