from enum import StrEnum


class BudgetEvery(StrEnum):
    VALUE_0 = "1w"
    VALUE_1 = "2w"
    VALUE_2 = "4w"
    VALUE_3 = "1m"
    VALUE_4 = "1y"

    def __str__(self) -> str:
        return str(self.value)
