# Caches removed in the same RUN, never written, or kept in a cache mount.
FROM debian:12-slim AS build
# A build stage's caches do not ship: only what COPY --from takes does.
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev
RUN apt-get update && apt-get install -y make
COPY . /src
RUN make -C /src

FROM python:3.12-slim AS base
ENV PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends jq && apt-get dist-clean
RUN find /var/lib/apt/lists -type f -delete
RUN pip install flask==3.0.2

FROM base
COPY --from=build /src/app /usr/local/bin/app
RUN --mount=type=cache,target=/var/lib/apt,sharing=locked \
    --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends git
RUN --mount=type=cache,target=/root/.cache/pip pip install --no-compile gunicorn==21.2.0
RUN pip install --no-cache-dir uvicorn==0.29.0 && PIP_NO_CACHE_DIR=1 pip install httpx==0.27.0
RUN pip install requests==2.31.0 && pip cache purge
RUN pip install rich==13.7.1 && rm -rf /root/.cache/pip
CMD ["app"]
