FROM rockylinux:9
RUN dnf install -y nginx-1.20.1  # want: DF019
RUN yum install -y httpd-2.4.57 && yum clean packages  # want: DF019
RUN ["microdnf", "install", "-y", "shadow-utils-4.9"]  # want: DF019
