# The service image: the pinned dependencies of requirements.lock (`make lock`), then the package.
# It serves without migrating, so any number of replicas can start at once: run `wallet migrate`
# once, as a job of its own, before them (README, "Running in production").
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WALLET_MIGRATIONS_DIR=/app/migrations \
    WALLET_DATABASE_URL=sqlite:////data/wallet.db

WORKDIR /app
# The lock alone first: this layer is rebuilt only when a pinned version changes. Every file is
# checked against the hashes the lock records.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md LICENSE ./
COPY src ./src
COPY migrations ./migrations
RUN pip install --no-cache-dir --no-deps . \
    && useradd --create-home --uid 10001 wallet \
    && mkdir -p /data && chown wallet /data

USER wallet
VOLUME ["/data"]
EXPOSE 8000
# Ready means the database answers and its schema is the one this image expects: a replica
# started before the migration job has run stays unready rather than serving an old schema.
HEALTHCHECK --interval=30s --timeout=3s \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz').status != 200)"
CMD ["wallet", "serve", "--no-migrate", "--host", "0.0.0.0", "--port", "8000"]
