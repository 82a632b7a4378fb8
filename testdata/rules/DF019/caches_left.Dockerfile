FROM python:3.12-slim AS base
RUN apt-get update \  # want: DF019
 && apt-get install -y --no-install-recommends curl \
 && apt-get clean
RUN pip install --no-cache-dir --upgrade pip==24.0

# The image is built FROM base: base's layers ship too.
FROM base
RUN pip install flask==3.0.2  # want: DF019
RUN sh -c "pip3 install gunicorn==21.2.0"  # want: DF019
CMD ["gunicorn", "app:app"]
