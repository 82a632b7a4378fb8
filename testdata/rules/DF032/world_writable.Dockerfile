FROM node:20-slim
RUN mkdir -p /app/data && chmod 777 /app/data  # want: DF032
RUN chmod -R 0777 /app  # want: DF032
RUN chmod a+w /usr/local/bin/entrypoint.sh  # want: DF032
RUN chmod o+w /etc/app.conf  # want: DF032
RUN chmod ugo+rwx /opt/tool  # want: DF032
RUN chmod 666 /app/config.json  # want: DF032
RUN chmod u=rwx,go=rwx /srv  # want: DF032
RUN mkdir -m 777 /shared  # want: DF032
RUN install -m 0757 tool /usr/local/bin/tool  # want: DF032
# Sticky, but -R makes every file inside world-writable too.
RUN chmod -R 1777 /var/cache/app  # want: DF032
RUN find /app -type d | xargs chmod 777  # want: DF032
RUN find /srv -type f -exec chmod 0666 {} +  # want: DF032
COPY --chmod=777 entrypoint.sh /usr/local/bin/  # want: DF032
ARG MODE=0666
COPY --chmod=${MODE} settings.json /app/  # want: DF032
ADD --chmod=a+rwx tool.tgz /opt/  # want: DF032
