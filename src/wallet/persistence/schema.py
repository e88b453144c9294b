"""Every table, imported in one place so metadata is complete wherever it is used."""

from wallet.persistence import (  # noqa: F401  (they register their tables)
    accounting_tables,  # noqa: F401
    budget_tables,  # noqa: F401
    close_tables,
    person_tables,  # noqa: F401
    pool_tables,
    support_plan_tables,  # noqa: F401
    trust_tables,
    wallet_tables,
    webhook_tables,  # noqa: F401
)
from wallet.persistence.tables import metadata

__all__ = ["metadata"]
