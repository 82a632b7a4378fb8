FROM node:20-alpine
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile  # want: DF019
RUN yarn global add @vue/cli@5.0.8  # want: DF019
RUN yarn run build
