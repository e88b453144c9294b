"""Money: an integer number of minor units in one currency. Never a float."""

from __future__ import annotations

from dataclasses import dataclass

from wallet.domain.errors import CurrencyMismatch, InvalidAmount

DEFAULT_CURRENCY = "GBP"


def require_minor_units(amount: object, *, positive: bool = False) -> int:
    """Accept only a true int: a float or a bool here would be a bug upstream, not a rounding choice."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise InvalidAmount(f"amount must be a whole number of minor units, got {amount!r}")
    if positive and amount <= 0:
        raise InvalidAmount(f"amount must be greater than zero, got {amount}", amount=amount)
    return amount


def require_currency(code: str) -> str:
    if not (isinstance(code, str) and len(code) == 3 and code.isascii() and code.isupper()):
        raise InvalidAmount(f"currency must be a three-letter ISO 4217 code, got {code!r}")
    return code


@dataclass(frozen=True, slots=True)
class Money:
    amount: int
    currency: str = DEFAULT_CURRENCY

    def __post_init__(self) -> None:
        require_minor_units(self.amount)
        require_currency(self.currency)

    def _same_currency(self, other: Money) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatch(
                f"cannot combine {self.currency} with {other.currency}",
                currencies=sorted({self.currency, other.currency}),
            )

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __str__(self) -> str:
        sign = "-" if self.amount < 0 else ""
        whole, pence = divmod(abs(self.amount), 100)
        return f"{sign}{whole:,}.{pence:02d} {self.currency}"
