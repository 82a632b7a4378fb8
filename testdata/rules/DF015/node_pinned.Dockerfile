# Lockfile installs and pinned names.
FROM node:20-alpine
ARG PNPM_VERSION
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
RUN npm install
RUN npm install --omit dev
RUN yarn install --frozen-lockfile
RUN yarn
RUN npm install -g typescript@5.4.5 @angular/cli@17 pnpm@${PNPM_VERSION} npm@^10.5.0
RUN yarn add lodash@4.17.21 && pnpm add -D vitest@~1.4.0
RUN npm install -g ./tools/cli && npm install ../shared https://example.com/pkg-1.0.0.tgz example/cli-tool#v1.2.0
RUN npm install -g git+https://github.com/example/cli.git#v1.2.0 github:example/other#4f2c1e7
