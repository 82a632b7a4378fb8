FROM debian:12-slim
RUN useradd -u 10001 app
USER app
RUN echo building
USER root  # want: DF001
CMD ["bash"]
