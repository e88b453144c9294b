"""Use cases: one module per operation. Each takes a session and a principal, calls repositories,
and leaves committing to its caller (the request's session dependency, or the CLI)."""
