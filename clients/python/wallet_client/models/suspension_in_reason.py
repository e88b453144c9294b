from enum import StrEnum


class SuspensionInReason(StrEnum):
    HOSPITAL_STAY = "hospital_stay"
    INVESTIGATION = "investigation"
    OTHER = "other"

    def __str__(self) -> str:
        return str(self.value)
