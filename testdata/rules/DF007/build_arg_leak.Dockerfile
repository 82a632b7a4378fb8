FROM node:20-alpine
ARG API_TOKEN
ENV API_TOKEN=${API_TOKEN}  # want: DF007
ARG GH
ENV GITHUB_TOKEN=$GH  # want: DF007
ARG DB_PASSWORD
ENV DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app  # want: DF007
LABEL build.token="$GH"  # want: DF007
USER node
