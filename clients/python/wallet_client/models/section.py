from enum import StrEnum


class Section(StrEnum):
    EFFICIENCY_SHARE = "efficiency_share"
    FEES = "fees"
    HOLDER_RESERVE = "holder_reserve"
    MONEY_IN = "money_in"
    MONEY_OUT = "money_out"
    MOVED_FROM_PREVIOUS_HOLDER = "moved_from_previous_holder"
    MOVED_TO_NEW_HOLDER = "moved_to_new_holder"
    OTHER = "other"
    POOLS = "pools"
    RECOVERIES = "recoveries"
    REFUNDS = "refunds"
    SAVINGS = "savings"

    def __str__(self) -> str:
        return str(self.value)
