FROM alpine:3.19 AS test
# A build stage's EXPOSE is not part of the image that ships.
EXPOSE 22

FROM nginx:1.25
ARG PORT
EXPOSE 80 443 2222 8022 222
EXPOSE 23-79
EXPOSE 1-21/udp
# 22 is the host side here; the container listens on 8080.
EXPOSE 22:8080
# No default: unknown.
EXPOSE ${PORT}
CMD ["nginx", "-g", "daemon off;"]
