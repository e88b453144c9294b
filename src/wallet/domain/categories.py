"""Spending categories: one spelling everywhere.

Councils write their rules by hand ("Personal Care", "Day Trips") and providers' systems send
categories in their own style ("personal_care", "DAY-TRIPS"). A rule that compares differently
spelt names silently does nothing, so every category — in a policy, a payment, a hold, a pool
payment, a statement line or an export — passes through :func:`normalise_category` first.

The stored form is lower case with single underscores: it is how payments were always stored,
so existing postings keep their meaning.
"""

from __future__ import annotations

import re

from wallet.domain.errors import InvalidInput

MAX_CATEGORY_LENGTH = 60  # the width of the category columns
_SEPARATORS = re.compile(r"[\s_\-]+")


def normalise_category(category: str, *, field: str = "category") -> str:
    """``"  Personal Care "``, ``"personal_care"`` and ``"PERSONAL-CARE"`` are all ``personal_care``."""
    if not isinstance(category, str):
        raise InvalidInput(f"{field} must be text", field=field)
    cleaned = _SEPARATORS.sub("_", category.strip().lower()).strip("_")
    if not cleaned:
        raise InvalidInput(f"{field} needs a category name", field=field)
    if len(cleaned) > MAX_CATEGORY_LENGTH:
        raise InvalidInput(f"{field} is longer than {MAX_CATEGORY_LENGTH} characters", field=field)
    return cleaned


def category_label(category: str) -> str:
    """The plain words a person reads: ``personal_care`` is "Personal care"."""
    words = category.replace("_", " ").strip()
    return words[:1].upper() + words[1:]
