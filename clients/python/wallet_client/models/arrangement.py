from enum import StrEnum


class Arrangement(StrEnum):
    ISF = "isf"
    MANAGED_DP = "managed_dp"
    NOTIONAL = "notional"
    THIRD_PARTY_PHB = "third_party_phb"

    def __str__(self) -> str:
        return str(self.value)
