FROM python:3.12-slim
ADD requirements.txt /app/  # want: DF013
ADD . /app  # want: DF013
ADD config/ /etc/app/  # want: DF013
ARG VERSION=1.4.2
ADD target/app-${VERSION}.jar /app/app.jar  # want: DF013
ADD rootfs.tar.xz app.py /  # want: DF013
ADD --unpack=false vendor.tar.gz /vendor/  # want: DF013
