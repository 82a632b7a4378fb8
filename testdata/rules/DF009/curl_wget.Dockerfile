FROM debian:12
RUN curl -fsSLk https://example.com/tool.tar.gz -o /tmp/tool.tar.gz  # want: DF009
RUN curl --insecure -o /tmp/a https://example.com/a  # want: DF009
RUN wget -q --no-check-certificate https://example.com/b.tgz  # want: DF009
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && curl -sS -k https://example.com/c \  # want: DF009
      -o /tmp/c
RUN sh -c 'curl -kfsSL https://example.com/d -o /tmp/d'  # want: DF009
RUN ["curl", "--insecure", "-o", "/tmp/e", "https://example.com/e"]  # want: DF009
