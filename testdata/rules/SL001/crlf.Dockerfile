# stridelint ignore=DF001 -- CRLF line ends
FROM alpine:3.20
RUN true
# stridelint ignore=DF001,DF0* -- the comment is read with CRLF too
USER root  # want-suppressed: DF001
