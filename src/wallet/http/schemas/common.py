from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt

# Strict: 10.5, "10.50" and true are refused rather than coerced. The ceiling keeps every sum
# well inside a 64-bit integer.
MAX_AMOUNT = 10**13
PositiveAmount = Annotated[StrictInt, Field(gt=0, le=MAX_AMOUNT, description="minor units (pence)")]
Amount = Annotated[StrictInt, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, description="minor units (pence)")]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]


class RequestBody(BaseModel):
    """Unknown fields are refused so a typo never silently drops a rule."""

    model_config = ConfigDict(extra="forbid")
