FROM nginx:1.25
COPY site/ /usr/share/nginx/html/
# Disables whatever the base image defines.
HEALTHCHECK NONE  # want: DF024
CMD ["nginx", "-g", "daemon off;"]
