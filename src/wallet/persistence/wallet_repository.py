"""Wallets, their policies, and funders' lists of accredited holders."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from wallet.domain.policies import Policy
from wallet.domain.wallets import Arrangement, WalletAccounts
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_tables import accreditations, policies, policy_versions, wallets


@dataclass(frozen=True, slots=True)
class WalletRecord:
    id: str
    person_ref: str
    funder_id: str
    holder_id: str
    arrangement: Arrangement
    policy_id: str
    currency: str
    opened_on: date
    status: str
    closed_on: date | None
    closure_reason: str | None
    moved_to_wallet_id: str | None
    moved_from_wallet_id: str | None
    created_at: datetime

    @property
    def accounts(self) -> WalletAccounts:
        return WalletAccounts(self.id, self.funder_id, self.holder_id, self.arrangement)

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def ended_by(self, day: date) -> bool:
        """Whether ``day`` falls after the wallet's end date (support ended, or the person died)."""
        return self.closed_on is not None and day > self.closed_on


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    policy_id: str
    funder_id: str
    name: str
    version: int
    rules: Policy
    created_at: datetime

    @property
    def stamp(self) -> dict[str, Any]:
        """What every transaction records about the rules it was made under."""
        return {"policy_id": self.policy_id, "policy_version": self.version}


def _wallet(row: Any) -> WalletRecord:
    return WalletRecord(
        id=row.id, person_ref=row.person_ref, funder_id=row.funder_id, holder_id=row.holder_id,
        arrangement=Arrangement(row.arrangement), policy_id=row.policy_id, currency=row.currency,
        opened_on=row.opened_on, status=row.status, closed_on=row.closed_on,
        closure_reason=row.closure_reason, moved_to_wallet_id=row.moved_to_wallet_id,
        moved_from_wallet_id=row.moved_from_wallet_id, created_at=row.created_at,
    )


class WalletRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, *, person_ref: str, funder_id: str, holder_id: str, arrangement: Arrangement,
            policy_id: str, opened_on: date, currency: str = "GBP",
            moved_from_wallet_id: str | None = None) -> WalletRecord:
        wallet_id = str(uuid.uuid4())
        self.session.execute(insert(wallets).values(
            id=wallet_id, person_ref=person_ref, funder_id=funder_id, holder_id=holder_id,
            arrangement=arrangement.value, policy_id=policy_id, currency=currency, opened_on=opened_on,
            status="open", moved_from_wallet_id=moved_from_wallet_id, created_at=utc_now(),
        ))
        self.session.flush()
        return self.get(wallet_id)  # type: ignore[return-value]

    def get(self, wallet_id: str, *, lock: bool = False) -> WalletRecord | None:
        query = select(wallets).where(wallets.c.id == wallet_id)
        if lock:
            query = query.with_for_update()
        row = self.session.execute(query).first()
        return _wallet(row) if row else None

    def list(self, *, funder_id: str | None = None, holder_id: str | None = None,
             wallet_ids: Sequence[str] | None = None, status: str | None = None,
             after_id: str | None = None, limit: int = 50) -> list[WalletRecord]:
        query = select(wallets).order_by(wallets.c.id).limit(limit)
        if funder_id is not None:
            query = query.where(wallets.c.funder_id == funder_id)
        if holder_id is not None:
            query = query.where(wallets.c.holder_id == holder_id)
        if wallet_ids is not None:
            query = query.where(wallets.c.id.in_(list(wallet_ids)))
        if status is not None:
            query = query.where(wallets.c.status == status)
        if after_id is not None:
            query = query.where(wallets.c.id > after_id)
        return [_wallet(row) for row in self.session.execute(query)]

    def set_end(self, wallet_id: str, *, ends_on: date, reason: str) -> None:
        """Record when and why the wallet ends; it stays open until its final close settles it."""
        self.session.execute(update(wallets).where(wallets.c.id == wallet_id).values(
            closed_on=ends_on, closure_reason=reason))
        self.session.flush()

    def close(self, wallet_id: str, *, closed_on: date, reason: str,
              moved_to_wallet_id: str | None = None) -> None:
        self.session.execute(update(wallets).where(wallets.c.id == wallet_id).values(
            status="closed", closed_on=closed_on, closure_reason=reason,
            moved_to_wallet_id=moved_to_wallet_id,
        ))
        self.session.flush()

    # --- accreditations -------------------------------------------------------------------

    def accreditation(self, funder_id: str, holder_id: str) -> str | None:
        return self.session.execute(
            select(accreditations.c.status).where(
                accreditations.c.funder_id == funder_id, accreditations.c.holder_id == holder_id)
        ).scalar_one_or_none()

    def set_accreditation(self, funder_id: str, holder_id: str, status: str) -> None:
        now = utc_now()
        updated = self.session.execute(
            update(accreditations).where(
                accreditations.c.funder_id == funder_id, accreditations.c.holder_id == holder_id,
            ).values(status=status, updated_at=now)
        )
        if updated.rowcount == 0:  # type: ignore[attr-defined]
            self.session.execute(insert(accreditations).values(
                funder_id=funder_id, holder_id=holder_id, status=status, updated_at=now))
        self.session.flush()

    def accreditations_of(self, funder_id: str) -> list[tuple[str, str, datetime]]:
        rows = self.session.execute(
            select(accreditations.c.holder_id, accreditations.c.status, accreditations.c.updated_at)
            .where(accreditations.c.funder_id == funder_id).order_by(accreditations.c.holder_id)
        )
        return [(row.holder_id, row.status, row.updated_at) for row in rows]


class PolicyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, *, funder_id: str, name: str, rules: Policy) -> PolicyVersion:
        policy_id = str(uuid.uuid4())
        self.session.execute(insert(policies).values(
            id=policy_id, funder_id=funder_id, name=name, created_at=utc_now()))
        return self.add_version(policy_id, rules)

    def add_version(self, policy_id: str, rules: Policy) -> PolicyVersion:
        # Serialise revisions of one policy so two never take the same version number.
        self.session.execute(select(policies.c.id).where(policies.c.id == policy_id).with_for_update())
        latest = self.session.execute(
            select(func.max(policy_versions.c.version)).where(policy_versions.c.policy_id == policy_id)
        ).scalar_one()
        self.session.execute(insert(policy_versions).values(
            policy_id=policy_id, version=(latest or 0) + 1, rules=rules.to_json(), created_at=utc_now()))
        self.session.flush()
        return self.get(policy_id)  # type: ignore[return-value]

    def list_latest(self, funder_id: str, *, after_id: str | None, limit: int) -> list[PolicyVersion]:
        """The funder's policies by id, each at its newest version."""
        ids = select(policies.c.id).where(policies.c.funder_id == funder_id).order_by(policies.c.id).limit(limit)
        if after_id is not None:
            ids = ids.where(policies.c.id > after_id)
        return [found for policy_id in self.session.execute(ids).scalars()
                if (found := self.get(policy_id)) is not None]

    def get(self, policy_id: str, version: int | None = None) -> PolicyVersion | None:
        query = (
            select(policies.c.funder_id, policies.c.name, policy_versions)
            .join(policy_versions, policy_versions.c.policy_id == policies.c.id)
            .where(policies.c.id == policy_id)
        )
        if version is None:
            query = query.order_by(policy_versions.c.version.desc()).limit(1)
        else:
            query = query.where(policy_versions.c.version == version)
        row = self.session.execute(query).first()
        if row is None:
            return None
        return PolicyVersion(row.policy_id, row.funder_id, row.name, row.version,
                             Policy.from_json(row.rules), row.created_at)
