"""Every table, imported in one place so metadata is complete wherever it is used."""

from wallet.persistence import wallet_tables  # noqa: F401  (registers its tables on metadata)
from wallet.persistence.tables import metadata

__all__ = ["metadata"]
