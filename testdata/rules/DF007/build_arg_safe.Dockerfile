# Build arguments that are not secrets, and references that are not build
# arguments of this stage.
ARG API_TOKEN
FROM node:20-alpine
ARG NODE_ENV=production
ARG VERSION
ENV NODE_ENV=$NODE_ENV APP_VERSION=${VERSION}
ENV PATH=/app/node_modules/.bin:$PATH
# A meta ARG is not in scope in a stage unless declared again: empty here.
ENV API_TOKEN=${API_TOKEN}
ENV DB_PASSWORD_FILE=/run/secrets/db_password
ARG DB_PASSWORD_FILE
ENV CONFIG_PATH=${DB_PASSWORD_FILE}
USER node
