FROM alpine:3.19 AS a
ARG TARGET=/sys/kernel
WORKDIR /proc  # want: DF026
WORKDIR /dev/shm  # want: DF026
WORKDIR $TARGET  # want: DF026
WORKDIR /boot/efi/  # want: DF026

FROM alpine:3.19
WORKDIR /
# Relative, but after an absolute WORKDIR it is /proc/self.
WORKDIR proc/self  # want: DF026
CMD ["/app"]
