from enum import StrEnum


class Source(StrEnum):
    FUNDER = "funder"
    NHS = "nhs"
    PERSON_CONTRIBUTION = "person_contribution"
    TOP_UP = "top_up"

    def __str__(self) -> str:
        return str(self.value)
