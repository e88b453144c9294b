from enum import StrEnum


class FundingKind(StrEnum):
    OPENING_FLOAT = "opening_float"
    PERIOD = "period"

    def __str__(self) -> str:
        return str(self.value)
