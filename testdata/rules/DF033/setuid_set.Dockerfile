FROM debian:12
RUN chmod u+s /usr/local/bin/helper  # want: DF033
RUN chmod 4755 /usr/local/bin/helper2  # want: DF033
RUN chmod +s /usr/bin/ping  # want: DF033
RUN chmod g+s /usr/local/bin/mailer  # want: DF033
RUN chmod 02755 /usr/local/bin/report  # want: DF033
RUN install -m 4755 -o root helper3 /usr/local/bin/helper3  # want: DF033
# Recursive setgid also marks every file inside.
RUN mkdir -p /srv/shared && chmod -R g+s /srv/shared  # want: DF033
COPY --chmod=4755 helper4 /usr/local/bin/  # want: DF033
