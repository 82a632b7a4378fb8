# setgid on directories only makes new files inherit the group; removing
# the bits and ordinary modes are fine.
FROM postgres:16
RUN mkdir -p /var/run/postgresql \
 && chown -R postgres:postgres /var/run/postgresql \
 && chmod 3777 /var/run/postgresql
RUN mkdir -p /srv/shared && chmod g+s /srv/shared
RUN mkdir -m 2775 /srv/team && install -d -m 2770 /srv/private
RUN chmod 2775 /srv/www/
RUN chmod u-s,g-s /usr/bin/newgrp && chmod a-s /usr/bin/chfn
RUN chmod 0755 /usr/local/bin/tool && chmod 755 /usr/local/bin/tool2
COPY --chmod=0755 tool3 /usr/local/bin/
RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true
