FROM python:3.12-slim
WORKDIR /app
ENV DB_HOST=db DB_USER=app
ENV DB_PASSWORD=hunter2  # want: DF007
# Copies an ENV, not a build argument: reported once, where it is written.
ENV MYSQL_PASSWORD=$DB_PASSWORD
ENV MYSQL_ROOT_PASSWORD changeme  # want: DF007
env dbPassword="s3cr3t Pa55"  # want: DF007
ENV API_KEY="k8s-goat-cf658c56a501385205cc6d2dafee8fc1"  # want: DF007
ENV spring.datasource.password=Sup3rS3cret  # want: DF007
USER 10001
CMD ["python", "app.py"]
