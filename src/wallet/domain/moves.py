"""Moving a person's money to their new wallet at a new holder: source by source, savings kept as
savings, all in one transaction. The cash leaves the old holder's bank and arrives at the new one's."""

from __future__ import annotations

from collections.abc import Mapping

from wallet.domain.postings import Posting, credit, debit
from wallet.domain.wallets import Source, WalletAccounts


def move_postings(old: WalletAccounts, new: WalletAccounts, available: Mapping[Source, int],
                  savings: Mapping[Source, int], currency: str = "GBP") -> list[Posting]:
    postings: list[Posting] = []
    for source in Source:
        for amount, from_account, to_account in (
            (available.get(source, 0), old.available(source), new.available(source)),
            (savings.get(source, 0), old.savings, new.savings),
        ):
            if amount > 0:
                memo = source.value
                postings += [debit(from_account, amount, currency=currency, memo=memo),
                             credit(old.cash, amount, currency=currency, memo=memo),
                             debit(new.cash, amount, currency=currency, memo=memo),
                             credit(to_account, amount, currency=currency, memo=memo)]
    return postings
