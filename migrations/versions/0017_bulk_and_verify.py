"""Set-based runs and verification at database speed.

The set-based funding run needs no schema change: it writes the same rows as before, a batch at a
time (``persistence/ledger_writes.write_batch``), and reads by the indexes already there. This
revision stays in the chain, empty, so the pieces built beside it keep one line of revisions.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
