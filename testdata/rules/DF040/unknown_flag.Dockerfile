FROM alpine:3.19
COPY --chwn=10001 app /app  # want: DF040
USER 10001
