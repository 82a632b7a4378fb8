# The copied apt configuration cannot be read: unknown is not reported.
FROM debian:12-slim
COPY apt/99local.conf /etc/apt/apt.conf.d/99local.conf
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
