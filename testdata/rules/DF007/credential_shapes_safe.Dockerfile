# Made-up examples and URLs without a password.
FROM node:20-alpine
ENV DATABASE_URL=postgres://db:5432/app
ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
ENV GH=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
ENV REPO_URL=https://github.com/example/app.git
LABEL org.opencontainers.image.source="https://github.com/example/app" \
      org.opencontainers.image.revision="4f07059567fa61c80397126e8063dbbde011b794"
USER node
