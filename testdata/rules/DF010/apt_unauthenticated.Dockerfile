FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends --allow-unauthenticated curl \  # want: DF010
 && rm -rf /var/lib/apt/lists/*
RUN apt-get update --allow-insecure-repositories  # want: DF010
RUN sudo apt-get -o APT::Get::AllowUnauthenticated=true install -y vim  # want: DF010
RUN sh -c "apt-get install -y --force-yes curl"  # want: DF010
RUN ["apt-get", "install", "-y", "--allow-unauthenticated", "git"]  # want: DF010
RUN echo "deb [arch=amd64 trusted=yes] http://repo.example.com/apt stable main" > /etc/apt/sources.list.d/example.list  # want: DF010
