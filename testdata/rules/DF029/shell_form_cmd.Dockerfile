FROM node:20-alpine
WORKDIR /app
COPY . .
CMD node server.js  # want: DF029
