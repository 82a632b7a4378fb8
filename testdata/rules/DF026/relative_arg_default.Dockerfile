FROM python:3.12-slim
ARG APP_DIR=srv/app
WORKDIR ${APP_DIR}  # want: DF026
CMD ["python", "main.py"]
