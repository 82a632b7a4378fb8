FROM golang:1.22 AS build
RUN go build -o /out/app .

# docker build --output: files, not a container.
FROM scratch AS artifacts
COPY --from=build /out/app /
