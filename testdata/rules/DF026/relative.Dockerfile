FROM node:20-alpine
# A no-op.
WORKDIR .
# Relative to whatever working directory the base image sets.
WORKDIR app  # want: DF026
# Relative to the previous one: reported once, at the first.
WORKDIR src
COPY . .
CMD ["node", "index.js"]
