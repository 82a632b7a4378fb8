FROM python:3.12-slim
COPY . /app
# Even with an exec-form CMD, a shell-form ENTRYPOINT is PID 1.
ENTRYPOINT python /app/main.py --port 8000  # want: DF029
CMD ["--debug"]
