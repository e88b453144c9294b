from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.broken_link_out import BrokenLinkOut


T = TypeVar("T", bound="VerificationOut")


@_attrs_define
class VerificationOut:
    """
    Attributes:
        account_out_of_step (None | str): the first account that does not, if you may see it
        accounts_agree (bool): every account's totals equal the sum of its postings
        expected_hash (None | str):
        first_broken (BrokenLinkOut | None):
        from_position (int):
        hash_at_to (None | str): the recomputed hash at `to`, when every link up to it holds
        head_count (int):
        head_hash (str):
        matches_expected (bool | None): whether `hash_at_to` is the head you kept
        next_from (int | None): where to continue; verification covers at most 1,000,000 a call on PostgreSQL, 10,000 on
            SQLite
        ok (bool):
        to_position (int):
        unchained_transactions (int): transactions written around the ledger, never chained
    """

    account_out_of_step: None | str
    accounts_agree: bool
    expected_hash: None | str
    first_broken: BrokenLinkOut | None
    from_position: int
    hash_at_to: None | str
    head_count: int
    head_hash: str
    matches_expected: bool | None
    next_from: int | None
    ok: bool
    to_position: int
    unchained_transactions: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.broken_link_out import BrokenLinkOut  # noqa: PLC0415

        account_out_of_step: None | str
        account_out_of_step = self.account_out_of_step

        accounts_agree = self.accounts_agree

        expected_hash: None | str
        expected_hash = self.expected_hash

        first_broken: dict[str, Any] | None
        if isinstance(self.first_broken, BrokenLinkOut):
            first_broken = self.first_broken.to_dict()
        else:
            first_broken = self.first_broken

        from_position = self.from_position

        hash_at_to: None | str
        hash_at_to = self.hash_at_to

        head_count = self.head_count

        head_hash = self.head_hash

        matches_expected: bool | None
        matches_expected = self.matches_expected

        next_from: int | None
        next_from = self.next_from

        ok = self.ok

        to_position = self.to_position

        unchained_transactions = self.unchained_transactions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_out_of_step": account_out_of_step,
                "accounts_agree": accounts_agree,
                "expected_hash": expected_hash,
                "first_broken": first_broken,
                "from_position": from_position,
                "hash_at_to": hash_at_to,
                "head_count": head_count,
                "head_hash": head_hash,
                "matches_expected": matches_expected,
                "next_from": next_from,
                "ok": ok,
                "to_position": to_position,
                "unchained_transactions": unchained_transactions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.broken_link_out import BrokenLinkOut  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_account_out_of_step(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account_out_of_step = _parse_account_out_of_step(d.pop("account_out_of_step"))

        accounts_agree = d.pop("accounts_agree")

        def _parse_expected_hash(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        expected_hash = _parse_expected_hash(d.pop("expected_hash"))

        def _parse_first_broken(data: object) -> BrokenLinkOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                first_broken_type_0 = BrokenLinkOut.from_dict(data)

                return first_broken_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BrokenLinkOut | None, data)

        first_broken = _parse_first_broken(d.pop("first_broken"))

        from_position = d.pop("from_position")

        def _parse_hash_at_to(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        hash_at_to = _parse_hash_at_to(d.pop("hash_at_to"))

        head_count = d.pop("head_count")

        head_hash = d.pop("head_hash")

        def _parse_matches_expected(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        matches_expected = _parse_matches_expected(d.pop("matches_expected"))

        def _parse_next_from(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        next_from = _parse_next_from(d.pop("next_from"))

        ok = d.pop("ok")

        to_position = d.pop("to_position")

        unchained_transactions = d.pop("unchained_transactions")

        verification_out = cls(
            account_out_of_step=account_out_of_step,
            accounts_agree=accounts_agree,
            expected_hash=expected_hash,
            first_broken=first_broken,
            from_position=from_position,
            hash_at_to=hash_at_to,
            head_count=head_count,
            head_hash=head_hash,
            matches_expected=matches_expected,
            next_from=next_from,
            ok=ok,
            to_position=to_position,
            unchained_transactions=unchained_transactions,
        )

        verification_out.additional_properties = d
        return verification_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
