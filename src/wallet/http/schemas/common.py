from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationInfo, field_validator

from wallet.http.strict import MULTILINE_FIELDS, clean_text_tree, strict_value, within_range

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
        clean_text_tree(value, info.field_name in MULTILINE_FIELDS)
        field = cls.model_fields.get(info.field_name or "")
        return strict_value(field.annotation, value) if field is not None else value

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
