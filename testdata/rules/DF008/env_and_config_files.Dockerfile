FROM node:20-alpine
WORKDIR /app
COPY .env ./  # want: DF008
COPY config/.env* ./config/  # want: DF008
COPY .env.production .env  # want: DF008
COPY .npmrc package.json package-lock.json ./  # want: DF008
COPY .netrc /root/.netrc  # want: DF008
COPY .git-credentials /root/  # want: DF008
COPY credentials.json /app/credentials.json  # want: DF008
COPY .aws /root/.aws  # want: DF008
COPY kube.yaml /root/.kube/config  # want: DF008
COPY docker-auth.json /root/.docker/config.json  # want: DF008
COPY kubeconfig /etc/kubeconfig  # want: DF008
ADD secret.txt /root/secret.txt  # want: DF008
COPY terraform.tfstate /infra/  # want: DF008
USER node
