FROM debian:12
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -  # want: DF011
RUN wget -qO- https://get.example.com/install.sh | sh  # want: DF011
RUN curl -fsSL https://example.com/install.sh \  # want: DF011
    | sudo -E bash -s -- --prefix=/usr/local
RUN curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y  # want: DF011
RUN curl -sSL https://install.python-poetry.org | python3 -  # want: DF011
RUN curl -fsSL https://example.com/setup.pl | perl  # want: DF011
RUN curl -fsSL https://example.com/x.sh | tee /tmp/install.log | sh  # want: DF011
RUN ["bash", "-c", "curl -fsSL https://example.com/y.sh | bash"]  # want: DF011
RUN <<EOF
set -e
curl -fsSL https://example.com/z.sh | sh  # want: DF011
EOF
