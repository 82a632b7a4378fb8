# Values shaped like credentials are secrets whatever their names.
FROM node:20-alpine
ENV GH=ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d  # want: DF007
ENV DATABASE_URL=postgres://app:s3cr3t-Pa55@db:5432/app  # want: DF007
ENV CURL_OPTS="-H 'Authorization: Bearer 9f8e7d6c5b4a39281706'"  # want: DF007
LABEL com.example.deploy-key="AKIAUVW75EFR6EDT4SYW"  # want: DF007
ENV NODE_ENV=production
ARG DB_USER
ENV PIP_INDEX_URL=https://$DB_USER:pypi-Pa55w0rd@pypi.internal/simple  # want: DF007
USER node
