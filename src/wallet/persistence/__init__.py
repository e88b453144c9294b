"""Storage: tables, the engine, and repositories. Repositories flush; only the caller commits."""
