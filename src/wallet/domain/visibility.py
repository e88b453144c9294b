"""Who may see which wallet, said once.

``WALLET_VISIBILITY`` is the whole rule: for each role, which of a wallet's fields must hold one of
the values the principal brings (its organisation, its own wallet, what its audit grants cover).
A wallet is visible when any of its role's matches holds. Everything else is derived from it: the
Python check here (``can_see_wallet``) and the SQL condition in
``wallet.persistence.visibility_sql``, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from wallet.domain.principals import Principal, Role


class WalletField(StrEnum):
    """The fields of a wallet that say whose it is (named as on the wallet record and its table)."""

    ID = "id"
    FUNDER = "funder_id"
    HOLDER = "holder_id"


class OwnedWallet(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def funder_id(self) -> str: ...

    @property
    def holder_id(self) -> str: ...


def _own_organisation(principal: Principal) -> frozenset[str]:
    return frozenset({principal.organisation_id})


def _own_wallet(principal: Principal) -> frozenset[str]:
    return frozenset({principal.wallet_id}) if principal.wallet_id else frozenset()


def _audited_funders(principal: Principal) -> frozenset[str]:
    return principal.audit_scope.funders


def _audited_wallets(principal: Principal) -> frozenset[str]:
    return principal.audit_scope.wallets


@dataclass(frozen=True, slots=True)
class Match:
    """The wallet's ``wallet_field`` is one of the values ``allowed`` gives for the principal."""

    wallet_field: WalletField
    allowed: Callable[[Principal], frozenset[str]]


# None: every wallet, no match needed (the operator). A role missing here sees no wallet.
WALLET_VISIBILITY: Mapping[Role, tuple[Match, ...] | None] = {
    Role.ADMIN: None,
    Role.FUNDER: (Match(WalletField.FUNDER, _own_organisation),),
    Role.HOLDER: (Match(WalletField.HOLDER, _own_organisation),),
    Role.PERSON: (Match(WalletField.ID, _own_wallet),),
    # Every wallet of a funder that granted them all, and the wallets a partial grant names.
    Role.AUDITOR: (Match(WalletField.FUNDER, _audited_funders), Match(WalletField.ID, _audited_wallets)),
}


@dataclass(frozen=True, slots=True)
class WalletScope:
    """The wallets one principal may see: every wallet, or those where some field holds one of its
    allowed values. An empty scope (a role with no rule, an auditor with no grants) sees none."""

    every_wallet: bool = False
    allowed: Mapping[WalletField, frozenset[str]] = field(default_factory=dict)

    def covers(self, wallet: OwnedWallet) -> bool:
        return self.every_wallet or any(getattr(wallet, f.value) in values for f, values in self.allowed.items())


def wallet_scope(principal: Principal) -> WalletScope:
    if principal.role not in WALLET_VISIBILITY:
        return WalletScope()
    matches = WALLET_VISIBILITY[principal.role]
    if matches is None:
        return WalletScope(every_wallet=True)
    allowed: dict[WalletField, frozenset[str]] = {}
    for match in matches:
        if values := match.allowed(principal):
            allowed[match.wallet_field] = allowed.get(match.wallet_field, frozenset()) | values
    return WalletScope(allowed=allowed)


def can_see_wallet(principal: Principal, wallet: OwnedWallet) -> bool:
    return wallet_scope(principal).covers(wallet)
