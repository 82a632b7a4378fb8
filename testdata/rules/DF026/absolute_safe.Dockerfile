FROM golang:1.22 AS build
ARG SRC
WORKDIR /src
# Relative to /src: well defined.
WORKDIR cmd/app
RUN go build -o /out/app .

# The stage it is built from set an absolute WORKDIR.
FROM build AS test
WORKDIR ../..

# Unknown (no default), then relative to it: not reported.
FROM golang:1.22 AS other
WORKDIR ${SRC}
WORKDIR app

# FROM scratch starts at /.
FROM scratch AS final
WORKDIR app
# Look-alikes of system directories.
WORKDIR /process
WORKDIR /system/dev
WORKDIR /opt/proc
WORKDIR /devices
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
