FROM node:20-slim
COPY . /app
RUN cd /app && npm ci --omit=dev  # want: DF037
RUN set -eux; \
    cd /app/client; \  # want: DF037
    npm run build
RUN cd frontend && npm ci && npm run build  # want: DF037
RUN <<EOF
cd /app  # want: DF037
npm prune --omit=dev
EOF
RUN ["sh", "-c", "cd /app && npm test"]  # want: DF037
