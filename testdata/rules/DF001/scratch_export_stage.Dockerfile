# An export stage for `docker build --output`: files, not a container.
FROM golang:1.22 AS build
RUN go build -o /out/app .

FROM scratch AS output
COPY --from=build /out/app /
