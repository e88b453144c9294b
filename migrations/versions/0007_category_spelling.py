"""One spelling of a spending category: policies stored before it kept ``personal care`` (spaces)
while payments were stored as ``personal_care``, so a rule written with a space never matched.
Rewrite the category lists of every stored policy version in the one form (lower case, single
underscores). Payments, holds and pool payments were always stored that way and are not touched.

The spelling rule is written out here rather than imported, so this migration keeps doing what it
did when it was written.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import json
import re

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

CATEGORY_FIELDS = ("blocked_categories", "approval_categories")
_SEPARATORS = re.compile(r"[\s_\-]+")


def _spelt_once(category: str) -> str:
    return _SEPARATORS.sub("_", category.strip().lower()).strip("_")


def upgrade() -> None:
    connection = op.get_bind()
    versions = sa.table("policy_versions", sa.column("policy_id"), sa.column("version"), sa.column("rules", sa.JSON))
    for policy_id, version, rules in connection.execute(sa.select(versions.c.policy_id, versions.c.version,
                                                                  versions.c.rules)).all():
        if isinstance(rules, str):
            rules = json.loads(rules)
        changed = dict(rules)
        for name in CATEGORY_FIELDS:
            if isinstance(rules.get(name), list):
                changed[name] = sorted({_spelt_once(c) for c in rules[name] if isinstance(c, str)})
        if changed != rules:
            connection.execute(sa.update(versions)
                               .where(versions.c.policy_id == policy_id, versions.c.version == version)
                               .values(rules=changed))


def downgrade() -> None:
    # Nothing to undo: the code before this revision reads the underscored spelling as it is.
    pass
