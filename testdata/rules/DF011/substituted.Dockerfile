FROM ubuntu:24.04
RUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"  # want: DF011
RUN bash <(curl -s https://example.com/install.sh)  # want: DF011
RUN eval "$(wget -qO- https://example.com/env.sh)"  # want: DF011
RUN . <(curl -fsSL https://example.com/profile.sh)  # want: DF011
RUN python3 -c "$(curl -fsSL https://example.com/get.py)"  # want: DF011
RUN bash <<< "$(curl -fsSL https://example.com/a.sh)"  # want: DF011
RUN ["sh", "-c", "$(curl -fsSL https://example.com/b.sh)"]  # want: DF011
# Fetched again at every start of the container.
CMD curl -fsSL https://example.com/start.sh | sh  # want: DF011
