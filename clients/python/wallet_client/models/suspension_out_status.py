from enum import StrEnum


class SuspensionOutStatus(StrEnum):
    RESUMED = "resumed"
    SUSPENDED = "suspended"

    def __str__(self) -> str:
        return str(self.value)
