FROM rockylinux:9
RUN dnf --setopt=sslverify=0 install -y httpd  # want: DF009
RUN echo "sslverify=false" >> /etc/yum.conf  # want: DF009
RUN sed -i 's/^sslverify=1/sslverify=0/' /etc/yum.repos.d/epel.repo  # want: DF009
RUN cat > /etc/yum.repos.d/internal.repo <<EOF
[internal]
name=Internal
baseurl=https://repo.example.com/el9/
sslverify=0  # want: DF009
EOF
COPY <<EOF /etc/yum.repos.d/mirror.repo
[mirror]
baseurl=https://mirror.example.com/el9/
sslverify=False  # want: DF009
EOF

FROM debian:12
RUN apt-get -o Acquire::https::Verify-Peer=false update  # want: DF009
RUN echo 'Acquire::https::Verify-Host "false";' > /etc/apt/apt.conf.d/99insecure  # want: DF009
RUN echo "strict-ssl=false" >> /root/.npmrc  # want: DF009
