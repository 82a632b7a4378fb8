# syntax=docker/dockerfile:1
# The release job pins the base image by digest before it builds.
# stridelint ignore=DF004,DF005 -- the release job pins the base image
FROM alpine  # want-suppressed: DF004, DF005, DF024
# stridelint ignore-file=DF024 -- health is probed by the orchestrator
# stridelint ignore=DF014 -- curl comes from our mirror, pinned there
RUN apt-get update && \
    apt-get install -y --no-install-recommends curl  # want-suppressed: DF014
RUN apt-get update && \
    # stridelint ignore=DF014 -- a comment line in the continuation covers the instruction
    apt-get install -y --no-install-recommends wget  # want-suppressed: DF014
# stridelint ignore=DF014 -- a blank line below: this comment is about nothing

RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*  # want: DF014
# stridelint ignore=DF014 -- names another rule than the one reported here
USER root  # want: DF001
