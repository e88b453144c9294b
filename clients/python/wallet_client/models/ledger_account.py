from enum import StrEnum


class LedgerAccount(StrEnum):
    CLIENT_BANK = "client_bank"
    DUE_TO_FUNDERS = "due_to_funders"
    EFFICIENCY_INCOME = "efficiency_income"
    FEE_INCOME = "fee_income"
    HELD_FOR_PEOPLE_FUNDER = "held_for_people_funder"
    HELD_FOR_PEOPLE_NHS = "held_for_people_nhs"
    HELD_FOR_PEOPLE_PERSON_CONTRIBUTION = "held_for_people_person_contribution"
    HELD_FOR_PEOPLE_TOP_UP = "held_for_people_top_up"
    HOLDER_RESERVE = "holder_reserve"
    NOTIONAL_BUDGETS = "notional_budgets"
    POOL_SHARES = "pool_shares"
    PROTECTED_SAVINGS = "protected_savings"
    SUSPENSE = "suspense"

    def __str__(self) -> str:
        return str(self.value)
