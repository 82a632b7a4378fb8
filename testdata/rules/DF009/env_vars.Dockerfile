FROM node:20-slim
ENV NODE_TLS_REJECT_UNAUTHORIZED=0  # want: DF009
ARG PIP_TRUSTED_HOST=pypi.example.com  # want: DF009
# git turns verification off whenever the variable is set, even to false.
ENV GIT_SSL_NO_VERIFY=false  # want: DF009
ARG TLS_CHECK=0
ENV PYTHONHTTPSVERIFY=${TLS_CHECK:-1}  # want: DF009
ENV npm_config_strict_ssl=false  # want: DF009
ENV CURL_CA_BUNDLE=""  # want: DF009
RUN export NODE_TLS_REJECT_UNAUTHORIZED=0 && npm ci  # want: DF009
RUN GIT_SSL_NO_VERIFY=1 git clone https://git.example.com/app.git  # want: DF009
RUN env PYTHONHTTPSVERIFY=0 python3 fetch.py  # want: DF009
