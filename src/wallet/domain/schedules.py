"""Funding schedules: how often a wallet is paid, and what that is per week."""

from __future__ import annotations

from enum import StrEnum


class Every(StrEnum):
    WEEK = "1w"
    FORTNIGHT = "2w"
    FOUR_WEEKS = "4w"
    MONTH = "1m"


def weekly_equivalent(amount: int, every: Every) -> int:
    """The weekly budget a schedule amounts to, rounded down (a month is 52/12 weeks)."""
    if every is Every.MONTH:
        return amount * 12 // 52
    return amount // {Every.WEEK: 1, Every.FORTNIGHT: 2, Every.FOUR_WEEKS: 4}[every]
