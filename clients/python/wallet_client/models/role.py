from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    AUDITOR = "auditor"
    FUNDER = "funder"
    HOLDER = "holder"
    PERSON = "person"

    def __str__(self) -> str:
        return str(self.value)
