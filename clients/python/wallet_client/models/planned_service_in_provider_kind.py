from enum import StrEnum


class PlannedServiceInProviderKind(StrEnum):
    PA = "pa"
    PROVIDER = "provider"

    def __str__(self) -> str:
        return str(self.value)
