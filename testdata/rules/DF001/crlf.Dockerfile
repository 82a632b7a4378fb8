FROM alpine:3.19
USER root  # want: DF001
CMD ["sh"]
