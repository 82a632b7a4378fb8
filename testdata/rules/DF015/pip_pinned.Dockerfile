# Pinned, constrained, from files, or local: nothing to report.
FROM python:3.12-slim
ARG FLASK_VERSION=3.0.2
ARG VERSION
RUN pip install --no-cache-dir flask==${FLASK_VERSION} "gunicorn==21.2.0" 'requests~=2.31' 'urllib3>=2,<3'
RUN pip install --no-cache-dir -r requirements.txt
RUN pip install --no-cache-dir -c constraints.txt flask requests
RUN pip install --no-cache-dir --constraint=/tmp/constraints.txt django
RUN pip install --no-cache-dir . && pip install --no-cache-dir -e . && pip install --no-cache-dir ./dist/app-1.0-py3-none-any.whl
RUN pip install --no-cache-dir "mylib @ https://example.com/mylib-1.0.tar.gz" mytool==${VERSION}
RUN pip install --no-cache-dir git+https://github.com/example/tool.git@v1.2.0 "git+ssh://git@github.com/example/lib.git@4f2c1e7#egg=lib"
RUN pip install --no-index --find-links=/wheels app && pipx install black==24.3.0
RUN echo "pip install flask"  # text, not a command

FROM python:3.12-slim AS constrained
ENV PIP_CONSTRAINT=/constraints.txt
RUN pip install --no-cache-dir flask
