FROM node:20-alpine
WORKDIR /app
COPY . .
CMD ["npm", "run", "dev"]  # want: DF025
ENTRYPOINT ["docker-entrypoint.sh"]  # want: DF025
HEALTHCHECK CMD wget -qO- http://127.0.0.1:3000/ || exit 1  # want: DF025
ENTRYPOINT ["tini", "--"]  # want: DF025
HEALTHCHECK --interval=10s CMD wget -qO- http://127.0.0.1:3000/health || exit 1
ENTRYPOINT ["tini", "--", "docker-entrypoint.sh"]
CMD ["node", "server.js"]
