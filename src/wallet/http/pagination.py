"""Cursor pagination: an opaque cursor names the last item seen; lists carry ``next_cursor``."""

from __future__ import annotations

import base64
import json
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from wallet.domain.errors import InvalidInput

T = TypeVar("T")

DEFAULT_LIMIT = 50
# The one page-size cap, for every list (and the event feed). It is published in the OpenAPI
# document as the `limit` maximum, so it is a constant rather than a per-deployment setting.
MAX_LIMIT = 500


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(position: dict[str, Any]) -> str:
    raw = json.dumps(position, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, Any] | None:
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        position = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("the cursor is not one this service issued", cursor=cursor) from None
    if not isinstance(position, dict):
        raise InvalidInput("the cursor is not one this service issued", cursor=cursor)
    return position


class PageParams(BaseModel):
    limit: int
    cursor: dict[str, Any] | None

    def after(self, key: str, default: Any = None) -> Any:
        return (self.cursor or {}).get(key, default)


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(description="`next_cursor` from the previous page")] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=decode_cursor(cursor))


def page_of(rows: list[T], limit: int, position: Any) -> tuple[list[T], str | None]:
    """Callers fetch ``limit + 1`` rows; the extra one tells whether another page exists."""
    if len(rows) <= limit:
        return rows, None
    kept = rows[:limit]
    return kept, encode_cursor(position(kept[-1]))
