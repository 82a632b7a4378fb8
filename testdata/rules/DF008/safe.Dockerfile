# Nothing here names a secret file: the build context as a whole, templates,
# public keys, certificates, ordinary config.
FROM python:3.12-slim AS build
WORKDIR /src
COPY requirements.txt .
COPY . .
COPY ./ ./
RUN pip install --no-cache-dir -r requirements.txt

FROM python:3.12-slim
WORKDIR /app
COPY --from=build /src /app
COPY .env.example ./
COPY .env.example .env
COPY config/.npmrc.sample /root/.npmrc
COPY ecr-credential-provider-config.json /etc/eks/image-credential-provider/config.json
COPY passwd /etc/passwd
COPY my.cnf /etc/mysql/my.cnf
COPY secret_rotation.py tokens.json ./
ADD https://example.com/releases/app.tar.gz /tmp/
ADD --chmod=0644 https://download.opensuse.org/repositories/devel:/tools:/criu/Debian_11/Release.key /etc/apt/trusted.gpg.d/criu.gpg.asc
COPY vendor-archive.key /usr/share/keyrings/
COPY *.sh /usr/local/bin/
USER 10001
