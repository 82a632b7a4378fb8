FROM node:20-alpine AS build
# A build stage's CMD does not run.
CMD npm run build

FROM node:20-alpine
CMD npm start
# Only the last CMD takes effect.
CMD ["node", "server.js"]
