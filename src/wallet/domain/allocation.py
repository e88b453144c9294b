"""Exact allocation of an amount over weights.

Used wherever money is split: fees, pool payments, efficiency shares. The parts always sum to
the whole, each part is within one minor unit of its exact share, and the same inputs always give
the same parts (largest remainder; ties go to the earlier weight), so a statement reprinted next
year shows the same pennies.
"""

from __future__ import annotations

from collections.abc import Sequence

from wallet.domain.errors import InvalidInput
from wallet.domain.money import require_minor_units


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    require_minor_units(total)
    if not weights:
        raise InvalidInput("cannot allocate over no weights")
    for weight in weights:
        if isinstance(weight, bool) or not isinstance(weight, int) or weight < 0:
            raise InvalidInput(f"weights must be whole numbers of zero or more, got {weight!r}")
    weight_sum = sum(weights)
    if weight_sum == 0:
        raise InvalidInput("at least one weight must be greater than zero")

    # Work on the magnitude so a negative total splits as the mirror image of a positive one.
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    floors = [magnitude * w // weight_sum for w in weights]
    remainders = [magnitude * w % weight_sum for w in weights]
    leftover = magnitude - sum(floors)
    # Largest remainder first; among equal remainders the earlier member wins, deterministically.
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for index in order[:leftover]:
        floors[index] += 1
    return [sign * part for part in floors]


def allocate_equally(total: int, parts: int) -> list[int]:
    if parts <= 0:
        raise InvalidInput("cannot allocate over no parts")
    return allocate(total, [1] * parts)
