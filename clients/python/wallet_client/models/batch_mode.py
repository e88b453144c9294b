from enum import StrEnum


class BatchMode(StrEnum):
    ALL_OR_NOTHING = "all_or_nothing"
    ITEM_BY_ITEM = "item_by_item"

    def __str__(self) -> str:
        return str(self.value)
