from __future__ import annotations

import functools
from datetime import date
from typing import Annotated, Any, get_origin

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationInfo, field_validator

from wallet.http.strict import MULTILINE_FIELDS, clean_text_tree, date_kinds, strict_date_value, within_range

# Strict: 10.5, "10.50" and true are refused rather than coerced. The ceiling keeps every sum
# well inside a 64-bit integer.
MAX_AMOUNT = 10**13
PositiveAmount = Annotated[StrictInt, Field(gt=0, le=MAX_AMOUNT, description="minor units (pence)")]
Amount = Annotated[StrictInt, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, description="minor units (pence)")]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]


class RequestBody(BaseModel):
    """Unknown fields are refused so a typo never silently drops a rule.

    And for every field of every request body (http/strict.py): no control characters in any
    text, nested rules included (tab and line breaks only in multi-line free text); dates and
    date-times only as ISO strings, never numbers, and within the supported range.
    """

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _strict_raw_value(cls, value: Any, info: ValidationInfo) -> Any:
        walk, multiline, kinds = _field_rules(cls, info.field_name or "")
        if walk:
            clean_text_tree(value, multiline)
        return strict_date_value(kinds, value) if kinds else value

    @field_validator("*", mode="after")
    @classmethod
    def _dates_in_range(cls, value: Any) -> Any:
        if isinstance(value, date):
            within_range(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, date):
                    within_range(item)
        return value


@functools.cache
def _field_rules(model: type[BaseModel], name: str) -> tuple[bool, bool, frozenset[str]]:
    """What the raw value of one field of a model needs, worked out once a field (a batch of
    10,000 items asks 130,000 times): whether to walk it for control characters, whether line
    breaks are allowed, and which date kinds it takes. A field holding only request bodies (one,
    or a list or union of them) is not walked: their own fields are checked when they are
    validated, and walking here too checked every text of a batch two or three times."""
    field = model.model_fields.get(name)
    if field is None:
        return True, name in MULTILINE_FIELDS, frozenset()

    def bodies_only(annotation: Any) -> bool:
        if isinstance(annotation, type):
            return issubclass(annotation, RequestBody)
        arguments = [a for a in getattr(annotation, "__args__", ()) or () if a is not type(None)]
        if get_origin(annotation) is Annotated:
            arguments = arguments[:1]
        return bool(arguments) and all(bodies_only(a) for a in arguments)

    return not bodies_only(field.annotation), name in MULTILINE_FIELDS, date_kinds(field.annotation)
