from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.accreditation_in_status import AccreditationInStatus

T = TypeVar("T", bound="AccreditationIn")


@_attrs_define
class AccreditationIn:
    """
    Attributes:
        holder_id (str):
        status (AccreditationInStatus):
    """

    holder_id: str
    status: AccreditationInStatus

    def to_dict(self) -> dict[str, Any]:
        holder_id = self.holder_id

        status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "holder_id": holder_id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        holder_id = d.pop("holder_id")

        status = AccreditationInStatus(d.pop("status"))

        accreditation_in = cls(
            holder_id=holder_id,
            status=status,
        )

        return accreditation_in
