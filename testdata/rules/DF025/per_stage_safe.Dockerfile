FROM node:20-alpine AS base
WORKDIR /app
CMD ["node", "server.js"]
ONBUILD CMD ["node", "onbuild.js"]

# Overriding the CMD of the stage it is built from is normal.
FROM base AS dev
CMD ["npm", "run", "dev"]

FROM base
ENTRYPOINT ["tini", "--"]
CMD ["node", "server.js"]
