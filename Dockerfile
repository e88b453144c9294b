# The service image: installs the package, migrates the database and serves with uvicorn.
# `wallet serve` is what `make run` runs too, and the test suite starts it the same way.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    WALLET_MIGRATIONS_DIR=/app/migrations \
    WALLET_DATABASE_URL=sqlite:////data/wallet.db

WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
COPY migrations ./migrations
RUN pip install --no-cache-dir . \
    && useradd --create-home --uid 10001 wallet \
    && mkdir -p /data && chown wallet /data

USER wallet
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz').status != 200)"
CMD ["wallet", "serve", "--host", "0.0.0.0", "--port", "8000"]
