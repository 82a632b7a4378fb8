FROM docker:26-dind
ARG API_PORT=2375
EXPOSE 2375  # want: DF022
EXPOSE 2376/tcp  # want: DF022
EXPOSE ${API_PORT}  # want: DF022
# A range: one finding per API port in it.
EXPOSE 2370-2380  # want: DF022, DF022
ENTRYPOINT ["dockerd-entrypoint.sh"]
