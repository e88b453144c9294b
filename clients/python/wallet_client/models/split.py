from enum import StrEnum


class Split(StrEnum):
    EQUAL = "equal"
    FIXED = "fixed"
    WEIGHTS = "weights"

    def __str__(self) -> str:
        return str(self.value)
