FROM rockylinux:9
RUN dnf install -y nginx-1.20.1 && dnf clean all
RUN yum install -y httpd-2.4.57 && rm -rf /var/cache/yum
RUN microdnf install -y shadow-utils-4.9 && microdnf clean all
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y git-2.39.3
RUN rpm -i /tmp/vendor-1.0.rpm
