"""Cursor pagination: an opaque cursor names the last item seen; lists carry ``next_cursor``.

Cursors are signed (HMAC-SHA256), so one that was edited or made up is refused with
``400 invalid-cursor`` before any query runs. The key is ``WALLET_CURSOR_KEY`` when set; otherwise
it is derived from the database URL, so every process serving one database accepts the others'
cursors (set the variable to make cursors unforgeable by anyone who knows the URL).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from contextvars import ContextVar
from functools import cache
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query, Request
from pydantic import BaseModel

from wallet.domain.errors import DomainError

T = TypeVar("T")

DEFAULT_LIMIT = 50
# The one page-size cap, for every list (and the event feed). It is published in the OpenAPI
# document as the `limit` maximum, so it is a constant rather than a per-deployment setting.
MAX_LIMIT = 500
MAX_CURSOR_LENGTH = 1000
_SIGNATURE_BYTES = 16
_BIGGEST = 2**63 - 1

# Set by ``page_params`` (an async dependency, so the route's thread sees it) for ``page_of``.
_signing_key: ContextVar[bytes | None] = ContextVar("wallet_cursor_key", default=None)
_UNSET_KEY = b"wallet cursors outside a request"


class InvalidCursor(DomainError):
    type = "invalid-cursor"
    title = "The cursor is not one this service issued"


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


@cache
def cursor_key(configured: str | None, database_url: str) -> bytes:
    secret = configured.encode() if configured else database_url.encode()
    return hmac.new(secret, b"wallet pagination cursors", hashlib.sha256).digest()


def _sign(key: bytes, raw: bytes) -> bytes:
    return hmac.new(key, raw, hashlib.sha256).digest()[:_SIGNATURE_BYTES]


def encode_cursor(position: dict[str, Any], key: bytes | None = None) -> str:
    raw = json.dumps(position, separators=(",", ":"), sort_keys=True).encode()
    signed = _sign(key or _signing_key.get() or _UNSET_KEY, raw) + raw
    return base64.urlsafe_b64encode(signed).decode().rstrip("=")


def decode_cursor(cursor: str | None, key: bytes | None = None) -> dict[str, Any] | None:
    if cursor is None:
        return None
    refused = InvalidCursor("the cursor is not one this service issued; start again without one")
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise refused
    try:
        signed = base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode())
    except ValueError:
        raise refused from None
    signature, raw = signed[:_SIGNATURE_BYTES], signed[_SIGNATURE_BYTES:]
    if not hmac.compare_digest(signature, _sign(key or _signing_key.get() or _UNSET_KEY, raw)):
        raise refused
    try:
        position = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise refused from None
    if not isinstance(position, dict) or not all(_plain(value) for value in position.values()):
        raise refused
    return position


def _plain(value: Any) -> bool:
    # Even a cursor we signed holds only strings and database-sized integers (or a pair of them).
    if isinstance(value, list):
        return len(value) <= 4 and all(_plain(item) and not isinstance(item, list) for item in value)
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -_BIGGEST <= value <= _BIGGEST
    return value is None or (isinstance(value, str) and len(value) <= 200)


class PageParams(BaseModel):
    limit: int
    cursor: dict[str, Any] | None

    def after(self, key: str, default: Any = None) -> Any:
        return (self.cursor or {}).get(key, default)


async def page_params(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=MAX_CURSOR_LENGTH,
                                        description="`next_cursor` from the previous page")] = None,
) -> PageParams:
    settings = request.app.state.settings
    key = cursor_key(settings.cursor_key, settings.database_url)
    _signing_key.set(key)
    return PageParams(limit=limit, cursor=decode_cursor(cursor, key))


def page_of(rows: list[T], limit: int, position: Any) -> tuple[list[T], str | None]:
    """Callers fetch ``limit + 1`` rows; the extra one tells whether another page exists."""
    if len(rows) <= limit:
        return rows, None
    kept = rows[:limit]
    return kept, encode_cursor(position(kept[-1]))
