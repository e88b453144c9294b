from enum import StrEnum


class ItemStatus(StrEnum):
    APPLIED = "applied"
    AWAITING_APPROVAL = "awaiting_approval"
    NOT_APPLIED = "not_applied"
    POSTED = "posted"
    REFUSED = "refused"

    def __str__(self) -> str:
        return str(self.value)
