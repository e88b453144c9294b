"""Strict input, the same on both databases.

- Dates only as ISO ``YYYY-MM-DD`` strings (a number is refused, never read as a Unix time), and
  value dates within ``EARLIEST_DATE``..``LATEST_DATE`` (beyond them date arithmetic overflows).
- Date-times only as ISO strings with a zone (``Z`` or ``+01:00``), within the same range.
- Text never carries NUL or other control characters (PostgreSQL refuses NUL, SQLite would store
  it): tab and line breaks only in free text meant to be multi-line.
- Query integers bounded to what a 64-bit database column holds.

Request bodies get the date and text rules from ``RequestBody`` (schemas/common.py) for every field;
query and path parameters get the text rule from ``clean_parameters``, an app-wide dependency, and
the date types below by annotation.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import AfterValidator, BeforeValidator

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
BIGGEST_INTEGER = 2**63 - 1

# Free text that may run over several lines keeps tab, CR and LF; every other field refuses them.
MULTILINE_FIELDS = frozenset({"description", "reason", "notes", "note"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_EXCEPT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|z|[+-]\d{2}:?\d{2})")


def control_character_in(value: str, multiline: bool = False) -> bool:
    return bool((_CONTROL_EXCEPT_LINES if multiline else _CONTROL).search(value))


def check_text(value: str, multiline: bool = False) -> str:
    if control_character_in(value, multiline):
        raise ValueError("text may not contain NUL or other control characters")
    return value


def iso_date(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("a date is an ISO string, YYYY-MM-DD")
    return value


def iso_moment(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_MOMENT.fullmatch(value):
        raise ValueError("a date-time is an ISO string with a zone, e.g. 2026-04-06T09:30:00Z")
    return value


def iso_moment_or_date(value: Any) -> Any:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        # Made a date here: left a string, the union would read it as midnight, not the day.
        return date.fromisoformat(value)
    return iso_moment(value)


def within_range(value: date | datetime) -> date | datetime:
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(f"a date must be between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}")
    if isinstance(value, datetime) and value.tzinfo is None:
        raise ValueError("a date-time needs a zone, e.g. Z or +01:00")
    return value


ValueDate = Annotated[date, BeforeValidator(iso_date), AfterValidator(within_range)]
Moment = Annotated[datetime, BeforeValidator(iso_moment), AfterValidator(within_range)]
# `as_of` on a balance: a moment, or a day meaning the end of that day.
MomentOrDay = Annotated[datetime | date, BeforeValidator(iso_moment_or_date), AfterValidator(within_range)]


def as_moment(value: datetime | date | None) -> datetime | None:
    """A ``MomentOrDay`` as a moment: a day means the end of that day, UTC."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.max)
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def strict_date_value(kinds: frozenset[str], value: Any) -> Any:
    """The body rule for the raw value of a field taking ``kinds`` (``date_kinds`` of its
    annotation; see RequestBody): dates as strings only."""
    if value is None or not kinds:
        return value
    if isinstance(value, (str, date)):
        if isinstance(value, str) and "datetime" in kinds and "date" not in kinds:
            return iso_moment(value)
        if isinstance(value, str) and kinds == {"date"}:
            return iso_date(value)
        return value
    if isinstance(value, (int, float)):
        raise ValueError("a date is an ISO string, YYYY-MM-DD; numbers are not dates")  # noqa: TRY004 - pydantic reports ValueError
    return value


def date_kinds(annotation: Any) -> frozenset[str]:
    """Which of a date and a date-time an annotation takes (directly or in a union)."""
    if annotation is datetime:
        return frozenset({"datetime"})
    if annotation is date:
        return frozenset({"date"})
    kinds: frozenset[str] = frozenset()
    for argument in getattr(annotation, "__args__", ()) or ():
        if argument in (date, datetime):
            kinds |= date_kinds(argument)
    return kinds


def clean_text_tree(value: Any, multiline: bool) -> None:
    """Refuse control characters anywhere in a field's raw value, nested dicts and lists included."""
    if isinstance(value, str):
        check_text(value, multiline)
    elif isinstance(value, dict):
        for key, item in value.items():
            clean_text_tree(key, False)
            clean_text_tree(item, multiline)
    elif isinstance(value, list):
        for item in value:
            clean_text_tree(item, multiline)


async def clean_parameters(request: Request) -> None:
    """App-wide: a path or query parameter with a control character is a 422 naming it."""
    errors = [
        {"type": "value_error", "loc": (place, name),
         "msg": "Value error, text may not contain NUL or other control characters"}
        for place, items in (("path", request.path_params.items()), ("query", request.query_params.multi_items()))
        for name, value in items
        if isinstance(value, str) and control_character_in(value)
    ]
    if errors:
        raise RequestValidationError(errors)


Position = Annotated[int, Query(ge=0, le=BIGGEST_INTEGER)]
