# Modes that do not let every user write, sticky shared directories, and
# +w without a class (the build's umask 022 keeps it to the owner).
FROM node:20-slim
RUN mkdir -p /app/data \
 && chown -R 10001:0 /app/data \
 && chmod -R g=u,o-w /app/data \
 && chmod 755 /app \
 && chmod 0644 /app/config.json \
 && chmod +w /app/config.json \
 && chmod g+w /app/data \
 && chmod 775 /app/logs \
 && chmod a+rx /usr/local/bin/entrypoint.sh
RUN chmod 1777 /tmp && mkdir -m 1777 /scratch && chmod a+rwxt /var/tmp/shared
RUN chmod o-w /etc/app.conf
RUN chmod "$MODE" /app/unknown
COPY --chmod=755 entrypoint.sh /usr/local/bin/
COPY --chown=10001:0 --chmod=u=rw,go=r settings.json /app/
ARG MODE
COPY --chmod=${MODE} other.json /app/
USER 10001
