"""The id of the request being served, for records written deep inside use cases.

Set by the HTTP middleware, read by the audit trail. A context variable rather than a parameter,
so use cases stay free of FastAPI and the CLI (which has no request) simply leaves it unset.
"""

from __future__ import annotations

from contextvars import ContextVar

current_request_id: ContextVar[str | None] = ContextVar("wallet_request_id", default=None)
