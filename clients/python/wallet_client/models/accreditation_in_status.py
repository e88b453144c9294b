from enum import StrEnum


class AccreditationInStatus(StrEnum):
    ACCREDITED = "accredited"
    SUSPENDED = "suspended"

    def __str__(self) -> str:
        return str(self.value)
