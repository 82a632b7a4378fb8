FROM node:20-alpine
USER root
RUN apk add --no-cache git
USER node
CMD ["node", "server.js"]
