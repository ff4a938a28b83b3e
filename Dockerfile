# One image for every role of the distributed deployment (docker-compose.yml): the scheduler
# (`faceleak daemon --distributed`), the workers (`faceleak worker`) and one-off commands.
FROM python:3.11-slim
RUN useradd --create-home --uid 10001 faceleak
WORKDIR /app
COPY . /app
RUN pip install --no-cache-dir '.[postgres]'
USER faceleak
WORKDIR /home/faceleak
ENTRYPOINT ["faceleak"]
CMD ["--help"]
