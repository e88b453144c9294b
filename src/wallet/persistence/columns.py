"""Columns and constraints that many tables spell the same way. Each call makes a new column (a
column belongs to one table); what they produce is exactly what the migrations create."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Index, String, text

from wallet.persistence.types import Amount, PublicId, UtcDateTime


def id_column() -> Column[Any]:
    return Column("id", PublicId, primary_key=True)


def created_at() -> Column[Any]:
    return Column("created_at", UtcDateTime, nullable=False)


def moment(name: str) -> Column[Any]:
    """A moment that may not have come yet (decided, resolved, revoked...)."""
    return Column(name, UtcDateTime, nullable=True)


def day(name: str, *, nullable: bool = False) -> Column[Any]:
    return Column(name, Date, nullable=nullable)


def amount(name: str = "amount", *, nullable: bool = False) -> Column[Any]:
    return Column(name, Amount, nullable=nullable)


def refers_to(name: str, table: str, *, nullable: bool = False, index: bool = False, unique: bool = False,
              primary_key: bool = False) -> Column[Any]:
    """A public id referring to a row of ``table``."""
    if primary_key:
        return Column(name, PublicId, ForeignKey(f"{table}.id"), primary_key=True)
    return Column(name, PublicId, ForeignKey(f"{table}.id"), nullable=nullable, index=index, unique=unique)


def organisation(name: str, *, nullable: bool = False, index: bool = False) -> Column[Any]:
    return refers_to(name, "organisations", nullable=nullable, index=index)


def transaction(name: str, *, nullable: bool = False, unique: bool = False) -> Column[Any]:
    return refers_to(name, "transactions", nullable=nullable, unique=unique)


def one_of(column: str, *values: str, name: str | None = None) -> CheckConstraint:
    """The column holds one of ``values``; the constraint is named after the column."""
    listed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name or column)


def positive_amount() -> CheckConstraint:
    return CheckConstraint("amount > 0", name="amount_positive")


def spend_details(*, description: bool = True) -> list[Column[Any]]:
    """What a payment says about itself: its category, payee and the holder's own reference."""
    columns = [Column("category", String(60), nullable=False), Column("payee", String(100), nullable=True),
               Column("reference", String(200), nullable=True)]
    if description:
        columns.append(Column("description", String(500), nullable=True))
    return columns


def schedule_ending() -> list[Column[Any]]:
    """A schedule ended later, from a day: kept apart from the end it was set up with."""
    return [day("ended_on", nullable=True), moment("ended_at")]


def cadence() -> CheckConstraint:
    return one_of("every", "1w", "2w", "4w", "1m")


# The status of a period a schedule has paid: a reversed payment frees the period for a later run.
PAID = "paid"
REVERSED = "reversed"


def period_paid() -> list[Any]:
    """A period a schedule has paid: its days, the transaction that paid it, and whether that
    still stands."""
    return [day("period_start"), day("period_end"), transaction("transaction_id", unique=True),
            Column("status", String(10), nullable=False), created_at(), one_of("status", PAID, REVERSED)]


def unique_where(name: str, *columns: str, where: str) -> Index:
    """A partial unique index, the same on both databases."""
    return Index(name, *columns, unique=True, sqlite_where=text(where), postgresql_where=text(where))
