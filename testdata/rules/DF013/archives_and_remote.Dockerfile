# ADD used for what only ADD does: unpacking local archives (also through
# a wildcard or a variable), fetching URLs (DF012), and heredocs.
FROM debian:12
ADD rootfs.tar.xz /
ADD vendor.tgz /opt/vendor/
ADD dist/*.tar.gz /opt/dist/
ARG BUNDLE
ADD bundle-${BUNDLE}.tar.bz2 /opt/
ADD ${BUNDLE} /opt/bundle/
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tgz /tmp/
ADD <<EOF /etc/motd
Welcome
EOF
COPY app.py /app/
