FROM debian:12-slim AS build
# A build stage's extra packages do not ship.
RUN apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*

FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y curl \  # want: DF020
 && rm -rf /var/lib/apt/lists/*
RUN apt-get update && sudo apt-get install -y ca-certificates && rm -rf /var/lib/apt/lists/*  # want: DF020
RUN ["apt-get", "install", "-y", "git"]  # want: DF020
RUN apt-get update && apt install -y jq && rm -rf /var/lib/apt/lists/*  # want: DF020
RUN apt-get update && xargs -a /tmp/packages.txt apt-get install -y && rm -rf /var/lib/apt/lists/*  # want: DF020
COPY --from=build /usr/bin/gcc /usr/local/bin/
