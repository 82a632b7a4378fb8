FROM nginx:1.25
COPY site/ /usr/share/nginx/html/
HEALTHCHECK --interval=30s --timeout=3s \
  CMD curl -fsS http://127.0.0.1/ || exit 1
CMD ["nginx", "-g", "daemon off;"]
