# A non-root user in the root group is not the root user.
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
USER 1001:0
CMD ["sh"]
