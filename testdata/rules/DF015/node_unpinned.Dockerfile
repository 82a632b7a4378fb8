FROM node:20-alpine
RUN npm install -g typescript  # want: DF015
RUN npm i --prefix /opt/tools --save-exact eslint@latest prettier@3.2.5  # want: DF015
RUN yarn global add @vue/cli  # want: DF015
RUN yarn add lodash@^4.17.21 left-pad  # want: DF015
RUN pnpm add -g zx@next  # want: DF015
RUN npm install -g example/cli-tool  # want: DF015
RUN npm install -g git+https://github.com/example/cli.git  # want: DF015
