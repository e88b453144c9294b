"""Every table, imported in one place so metadata is complete wherever it is used."""

from wallet.persistence import close_tables, pool_tables, trust_tables, wallet_tables  # noqa: F401  (they register their tables)
from wallet.persistence import webhook_tables  # noqa: F401
from wallet.persistence import person_tables  # noqa: F401
from wallet.persistence import accounting_tables  # noqa: F401
from wallet.persistence import support_plan_tables  # noqa: F401
from wallet.persistence import budget_tables  # noqa: F401
from wallet.persistence.tables import metadata

__all__ = ["metadata"]
