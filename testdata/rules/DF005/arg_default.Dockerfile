ARG PYTHON=python:3.12-slim
FROM ${PYTHON}  # want: DF005
CMD ["python"]
