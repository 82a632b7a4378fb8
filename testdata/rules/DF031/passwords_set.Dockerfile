FROM ubuntu:24.04
RUN echo 'root:Docker!' | chpasswd  # want: DF031
RUN useradd -m app \
 && echo "app:changeme" | chpasswd  # want: DF031
ARG APP_PASSWORD
RUN useradd -m -p "$(openssl passwd -6 "$APP_PASSWORD")" deploy  # want: DF031
RUN usermod -p '$6$rounds=5000$salt$hash' app  # want: DF031
RUN usermod --password='' guest  # want: DF031
RUN printf 'secret\nsecret\n' | passwd app  # want: DF031
RUN passwd -d app  # want: DF031
RUN passwd app <<EOF  # want: DF031
secret
secret
EOF

FROM rockylinux:9
RUN echo secret | passwd --stdin root  # want: DF031
