FROM debian:12
RUN apt-get update \
 && apt-get install -y --no-install-recommends sudo \
 && useradd -m app \
 && echo 'app ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/app
USER app
RUN sudo apt-get update  # want: DF003
RUN set -e; \
    ./configure; \
    make; \
    sudo make install  # want: DF003
RUN curl -fsSL https://example.com/key.asc \
    | sudo tee /etc/apt/keyrings/example.asc > /dev/null  # want: DF003
