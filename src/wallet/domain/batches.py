"""Bulk batches: many wallet changes or payments in one request, each item decided by the same
rules as its single call. What is decided here is only the batch's own shape and the two ways
it may end: item by item (each item stands alone) or all or nothing (one refusal undoes all).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from wallet.domain.errors import DomainError, InvalidInput, RuleViolation

MAX_BATCH_ITEMS = 10_000


class BatchMode(StrEnum):
    ITEM_BY_ITEM = "item_by_item"
    ALL_OR_NOTHING = "all_or_nothing"


class ItemStatus(StrEnum):
    APPLIED = "applied"  # a wallet opened or changed
    POSTED = "posted"
    AWAITING_APPROVAL = "awaiting_approval"
    REFUSED = "refused"
    NOT_APPLIED = "not_applied"  # all or nothing: it would have gone through, but another item was refused


class BatchTooLarge(InvalidInput):
    type = "batch-too-large"
    title = "A batch holds at most 10,000 items"


class EmptyBatch(InvalidInput):
    type = "empty-batch"
    title = "A batch holds at least one item"


class DuplicateItemRefs(InvalidInput):
    type = "duplicate-item-refs"
    title = "Each item of a batch has its own ref"


class BatchRefused(RuleViolation):
    """All or nothing, and at least one item was refused: nothing was stored."""

    type = "batch-refused"
    title = "An item of this all-or-nothing batch was refused, so none was applied"


def check_batch_shape(refs: Sequence[str]) -> None:
    """Refuse a batch before anything is written: too many or no items, or a ref used twice
    (an integrator matches results to its rows by ref, so a ref must name one item)."""
    if not refs:
        raise EmptyBatch("the batch has no items", most=MAX_BATCH_ITEMS)
    if len(refs) > MAX_BATCH_ITEMS:
        raise BatchTooLarge(f"the batch has {len(refs):,} items; send at most {MAX_BATCH_ITEMS:,} a batch",
                            items=len(refs), most=MAX_BATCH_ITEMS)
    repeated = sorted(ref for ref, times in Counter(refs).items() if times > 1)
    if repeated:
        raise DuplicateItemRefs(f"{len(repeated)} ref(s) name more than one item, e.g. {repeated[0]!r}",
                                refs=repeated[:20], count=len(repeated))


@dataclass(slots=True)
class ItemResult:
    """One item's outcome. ``error`` is the refusal its single call would have answered with."""

    index: int
    ref: str
    status: ItemStatus
    error: DomainError | None = None
    ids: dict[str, Any] = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        return self.status is ItemStatus.REFUSED


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    mode: BatchMode
    items: list[ItemResult]

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(item.status.value for item in self.items)
        return {status.value: counted.get(status.value, 0) for status in ItemStatus}


def settle(mode: BatchMode, items: list[ItemResult]) -> BatchOutcome:
    """The batch's end. All or nothing with a refusal: every other item is marked not applied
    (its ids would name nothing once rolled back) and the whole batch is refused, so the caller's
    transaction rolls back; ``refusal.results`` still tells each item's result."""
    ordered = sorted(items, key=lambda item: item.index)
    refused = [item for item in ordered if item.refused]
    if mode is BatchMode.ALL_OR_NOTHING and refused:
        for item in ordered:
            if not item.refused:
                item.status, item.ids = ItemStatus.NOT_APPLIED, {}
        error = BatchRefused(
            f"{len(refused)} of {len(ordered)} items were refused (the first: item {refused[0].index}, "
            f"ref {refused[0].ref!r}, {refused[0].error.type if refused[0].error else 'refused'}); "
            "nothing was stored", refused=len(refused), first_refused_index=refused[0].index)
        error.results = ordered  # type: ignore[attr-defined]
        raise error
    return BatchOutcome(mode, ordered)
