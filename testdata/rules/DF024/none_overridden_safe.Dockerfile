FROM redis:7.2 AS base
HEALTHCHECK NONE

FROM base
# The last HEALTHCHECK that applies wins.
HEALTHCHECK CMD redis-cli ping || exit 1
CMD ["redis-server"]
