from enum import StrEnum


class Every(StrEnum):
    VALUE_0 = "1w"
    VALUE_1 = "2w"
    VALUE_2 = "4w"
    VALUE_3 = "1m"

    def __str__(self) -> str:
        return str(self.value)
