FROM alpine:3.19 AS tools
RUN apk add --no-cache --allow-untrusted /tmp/custom.apk  # want: DF010

FROM rockylinux:9
RUN rpm -ivh --nosignature /tmp/vendor.rpm  # want: DF010
RUN dnf --nogpgcheck install -y nginx && dnf clean all  # want: DF010
RUN dnf install -y --setopt='*.gpgcheck=0' httpd && dnf clean all  # want: DF010
RUN printf '[internal]\nbaseurl=http://mirror.local/el9\ngpgcheck=0\n' > /etc/yum.repos.d/internal.repo  # want: DF010

FROM opensuse/leap:15.5
RUN zypper --no-gpg-checks -n install curl && zypper clean -a  # want: DF010
RUN zypper addrepo --no-gpgcheck http://download.example.com/repo example  # want: DF010
