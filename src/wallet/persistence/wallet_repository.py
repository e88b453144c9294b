"""Wallets, their policies, and funders' lists of accredited holders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, String, bindparam, func, or_, select, true
from sqlalchemy.orm import Session

from wallet.domain.policies import Policy
from wallet.domain.principals import Principal
from wallet.domain.spending import WalletState
from wallet.domain.wallet_postings import Cover
from wallet.domain.wallets import Arrangement, Source, WalletAccounts
from wallet.persistence.driver_statements import DriverStatement
from wallet.persistence.repository import Repository, matching, new_id, one_of, page, record_from
from wallet.persistence.types import utc_now
from wallet.persistence.visibility_sql import visible_wallets_condition
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
    # Its latest suspension (see ``suspension_repository``): from, until (the day it resumed).
    suspension_id: str | None = None
    suspended_from: date | None = None
    suspended_until: date | None = None
    suspension_reason: str | None = None

    @property
    def accounts(self) -> WalletAccounts:
        return WalletAccounts(self.id, self.funder_id, self.holder_id, self.arrangement)

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def ended_by(self, day: date) -> bool:
        """Whether ``day`` falls after the wallet's end date (support ended, or the person died)."""
        return self.closed_on is not None and day > self.closed_on

    def suspended_on(self, day: date) -> bool:
        return (self.suspended_from is not None and self.suspended_from <= day
                and (self.suspended_until is None or day < self.suspended_until))

    def spending_state(self, funds: Mapping[Source, int], *, reserve_used: int = 0,
                       held: Cover | None = None) -> WalletState:
        """The wallet as a spending decision sees it, drawing on ``funds``."""
        return WalletState(self.id, self.opened_on, self.closed_on, self.closure_reason, funds=funds,
                           reserve_used=reserve_used, held=held, suspended_from=self.suspended_from,
                           suspended_until=self.suspended_until, suspension_reason=self.suspension_reason)


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
    return record_from(WalletRecord, row, arrangement=Arrangement(row.arrangement))


# A policy version never changes once written, so each process parses its rules once.
_parsed: dict[tuple[str, int], Policy] = {}
PARSED_POLICIES_KEPT = 10_000


def _rules(policy_id: str, version: int, stored: Any) -> Policy:
    key = (policy_id, version)
    rules = _parsed.get(key)
    if rules is None:
        if len(_parsed) >= PARSED_POLICIES_KEPT:
            _parsed.clear()
        rules = _parsed[key] = Policy.from_json(stored)
    return rules


def _policy_version(row: Any) -> PolicyVersion:
    return record_from(PolicyVersion, row, rules=_rules(row.policy_id, row.version, row.rules))


# Built once: every payment reads it, and building a select costs about as much as running it.
_WITH_POLICY_SELECT = (
    select(wallets, policies.c.funder_id.label("policy_funder_id"), policies.c.name.label("policy_name"),
           policy_versions.c.version.label("policy_version"), policy_versions.c.rules.label("policy_rules"),
           policy_versions.c.created_at.label("policy_created_at"))
    .join(policies, policies.c.id == wallets.c.policy_id)
    .join(policy_versions, policy_versions.c.policy_id == policies.c.id)
    .where(wallets.c.id == bindparam("wallet_id")).order_by(policy_versions.c.version.desc()).limit(1))
_WITH_POLICY = DriverStatement(_WITH_POLICY_SELECT)

# The columns ``with_policy`` reads, for a statement that reads them beside its own (the lean
# payment path's key lookup), each named with this prefix.
ALONGSIDE = "alongside_"


def with_policy_alongside(statement: Select[Any]) -> Select[Any]:
    """``statement`` with the wallet ``:wallet_id`` and its policy's newest version beside each of
    its rows (nulls when there is no such wallet): one round trip for both reads."""
    found = _WITH_POLICY_SELECT.lateral("wallet_with_policy")
    return statement.outerjoin(found, true()).add_columns(
        *(column.label(ALONGSIDE + column.key) for column in found.c))


class _Alongside:
    """A row's ``ALONGSIDE`` columns, under their own names."""

    __slots__ = ("_row",)

    def __init__(self, row: Any) -> None:
        self._row = row

    def __getattr__(self, name: str) -> Any:
        return getattr(self._row, ALONGSIDE + name)


def wallet_with_policy_of(row: Any) -> tuple[WalletRecord, PolicyVersion] | None:
    """What ``with_policy`` gives, from a row of ``with_policy_alongside``."""
    alongside = _Alongside(row)
    return None if alongside.id is None else _with_policy_of(alongside)


# Read beside the caller's key on the payment path, kept here until the payment asks for the
# wallet, once, in the same database transaction.
_READ_ALONGSIDE = "wallet.read_alongside"


def keep_read_alongside(session: Session, wallet_id: str, found: tuple[WalletRecord, PolicyVersion] | None) -> None:
    session.info[_READ_ALONGSIDE] = (wallet_id, found)


def _with_policy_of(row: Any) -> tuple[WalletRecord, PolicyVersion]:
    policy = PolicyVersion(row.policy_id, row.policy_funder_id, row.policy_name, row.policy_version,
                           _rules(row.policy_id, row.policy_version, row.policy_rules), row.policy_created_at)
    return _wallet(row), policy


class WalletRepository(Repository):
    def add(self, *, person_ref: str, funder_id: str, holder_id: str, arrangement: Arrangement,
            policy_id: str, opened_on: date, currency: str = "GBP",
            moved_from_wallet_id: str | None = None) -> WalletRecord:
        wallet_id = new_id()
        self._insert(wallets, id=wallet_id, person_ref=person_ref, funder_id=funder_id, holder_id=holder_id,
                     arrangement=arrangement.value, policy_id=policy_id, currency=currency, opened_on=opened_on,
                     status="open", moved_from_wallet_id=moved_from_wallet_id, created_at=utc_now())
        return self.get(wallet_id)  # type: ignore[return-value]

    def get(self, wallet_id: str, *, lock: bool = False) -> WalletRecord | None:
        return self._by_id(wallets, wallet_id, _wallet, lock=lock)

    def with_policy(self, wallet_id: str) -> tuple[WalletRecord, PolicyVersion] | None:
        """The wallet and its policy's newest version, in one read (every money operation needs both)."""
        kept = self.session.info.pop(_READ_ALONGSIDE, None)
        if kept is not None and kept[0] == wallet_id:
            return kept[1]
        row = _WITH_POLICY.first(self.session, {"wallet_id": wallet_id})
        return None if row is None else _with_policy_of(row)

    def list(self, *, funder_id: str | None = None, holder_id: str | None = None,
             wallet_ids: Sequence[str] | None = None, status: str | None = None,
             after_id: str | None = None, limit: int = 50) -> list[WalletRecord]:
        query = matching(page(select(wallets), wallets.c.id, after=after_id, limit=limit),
                         (wallets.c.funder_id, funder_id), (wallets.c.holder_id, holder_id),
                         (wallets.c.status, status))
        if wallet_ids is not None:
            # As one array on PostgreSQL: a thousand placeholders cost more to render than the read
            # (a close's confirmation reads its 100,000 wallets a thousand at a time).
            named = one_of(self.session, wallets.c.id, list(wallet_ids), String())
            if not named:
                return []
            query = query.where(named[0] if len(named) == 1 else or_(*named))
        return self._all(query, _wallet)

    def visible_to(self, principal: Principal, *, status: str | None = None, after_id: str | None = None,
                   limit: int = 50) -> list[WalletRecord]:
        query = matching(page(select(wallets).where(visible_wallets_condition(principal)), wallets.c.id,
                              after=after_id, limit=limit), (wallets.c.status, status))
        return self._all(query, _wallet)

    def set_end(self, wallet_id: str, *, ends_on: date, reason: str) -> None:
        """Record when and why the wallet ends; it stays open until its final close settles it."""
        self._update(wallets, wallets.c.id == wallet_id, closed_on=ends_on, closure_reason=reason)

    def set_suspension(self, wallet_id: str, *, suspension_id: str, suspended_from: date,
                       suspended_until: date | None, reason: str) -> None:
        """Copy the wallet's latest suspension onto it, for the spends that read the wallet."""
        self._update(wallets, wallets.c.id == wallet_id, suspension_id=suspension_id, suspended_from=suspended_from,
                     suspended_until=suspended_until, suspension_reason=reason)

    def close(self, wallet_id: str, *, closed_on: date, reason: str,
              moved_to_wallet_id: str | None = None) -> None:
        self._update(wallets, wallets.c.id == wallet_id, status="closed", closed_on=closed_on,
                     closure_reason=reason, moved_to_wallet_id=moved_to_wallet_id)

    # --- accreditations -------------------------------------------------------------------

    def accreditation(self, funder_id: str, holder_id: str) -> str | None:
        return self.session.execute(
            select(accreditations.c.status).where(
                accreditations.c.funder_id == funder_id, accreditations.c.holder_id == holder_id)
        ).scalar_one_or_none()

    def set_accreditation(self, funder_id: str, holder_id: str, status: str) -> None:
        now = utc_now()
        updated = self._update(accreditations, accreditations.c.funder_id == funder_id,
                               accreditations.c.holder_id == holder_id, status=status, updated_at=now)
        if updated == 0:
            self._insert(accreditations, funder_id=funder_id, holder_id=holder_id, status=status, updated_at=now)

    def accreditations_of(self, funder_id: str) -> list[tuple[str, str, datetime]]:
        rows = self.session.execute(
            select(accreditations.c.holder_id, accreditations.c.status, accreditations.c.updated_at)
            .where(accreditations.c.funder_id == funder_id).order_by(accreditations.c.holder_id)
        )
        return [(row.holder_id, row.status, row.updated_at) for row in rows]


class PolicyRepository(Repository):
    def add(self, *, funder_id: str, name: str, rules: Policy) -> PolicyVersion:
        policy_id = new_id()
        self._insert(policies, id=policy_id, funder_id=funder_id, name=name, created_at=utc_now())
        return self.add_version(policy_id, rules)

    def add_version(self, policy_id: str, rules: Policy) -> PolicyVersion:
        # Serialise revisions of one policy so two never take the same version number.
        self.session.execute(select(policies.c.id).where(policies.c.id == policy_id).with_for_update())
        latest = self.session.execute(
            select(func.max(policy_versions.c.version)).where(policy_versions.c.policy_id == policy_id)
        ).scalar_one()
        self._insert(policy_versions, policy_id=policy_id, version=(latest or 0) + 1, rules=rules.to_json(),
                     created_at=utc_now())
        return self.get(policy_id)  # type: ignore[return-value]

    def list_latest(self, funder_id: str, *, after_id: str | None, limit: int) -> list[PolicyVersion]:
        """The funder's policies by id, each at its newest version."""
        ids = page(select(policies.c.id).where(policies.c.funder_id == funder_id), policies.c.id,
                   after=after_id, limit=limit)
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
        return self._one(query, _policy_version)
