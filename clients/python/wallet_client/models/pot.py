from enum import StrEnum


class Pot(StrEnum):
    AVAILABLE = "available"
    POOLS = "pools"
    SAVINGS = "savings"

    def __str__(self) -> str:
        return str(self.value)
