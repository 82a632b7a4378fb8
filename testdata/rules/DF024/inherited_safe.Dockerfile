FROM python:3.12-slim AS base
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"

# Built FROM the stage above: its HEALTHCHECK applies.
FROM base
COPY app.py /app/
CMD ["python", "/app/app.py"]
