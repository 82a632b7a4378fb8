FROM node:20-alpine AS dev
WORKDIR /app
CMD ["npm", "run", "dev"]

FROM node:20-alpine AS prod
WORKDIR /app
USER node
CMD ["node", "server.js"]
