FROM python:3.12-slim AS base
RUN useradd --create-home web
USER web  # want: DF002

# The final stage keeps the USER of the stage it is built from.
FROM base
COPY app.py /home/web/
CMD ["python", "/home/web/app.py"]
