from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_delivery_out_status import WebhookDeliveryOutStatus

T = TypeVar("T", bound="WebhookDeliveryOut")


@_attrs_define
class WebhookDeliveryOut:
    """
    Attributes:
        attempt (int): 1 for the first time this event was sent to this endpoint, then 2, ...
        attempted_at (datetime.datetime | None):
        duration_ms (int | None):
        endpoint_id (str):
        error (None | str): why it failed when the status code does not say: a timeout, a refused connection or address,
            a redirect
        event_id (str): also sent as `Wallet-Event-Id`: the same on every attempt and redelivery
        event_seq (int):
        event_type (str):
        id (str): also sent as the `Wallet-Delivery-Id` header
        redelivery (bool): asked for with the redeliver call
        requested_at (datetime.datetime):
        response_excerpt (None | str): the start of the receiver's answer
        status (WebhookDeliveryOutStatus):
        status_code (int | None): the receiver's HTTP status; none when no answer came
    """

    attempt: int
    attempted_at: datetime.datetime | None
    duration_ms: int | None
    endpoint_id: str
    error: None | str
    event_id: str
    event_seq: int
    event_type: str
    id: str
    redelivery: bool
    requested_at: datetime.datetime
    response_excerpt: None | str
    status: WebhookDeliveryOutStatus
    status_code: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempt = self.attempt

        attempted_at: None | str
        if isinstance(self.attempted_at, datetime.datetime):
            attempted_at = self.attempted_at.isoformat()
        else:
            attempted_at = self.attempted_at

        duration_ms: int | None
        duration_ms = self.duration_ms

        endpoint_id = self.endpoint_id

        error: None | str
        error = self.error

        event_id = self.event_id

        event_seq = self.event_seq

        event_type = self.event_type

        id = self.id

        redelivery = self.redelivery

        requested_at = self.requested_at.isoformat()

        response_excerpt: None | str
        response_excerpt = self.response_excerpt

        status = self.status.value

        status_code: int | None
        status_code = self.status_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempt": attempt,
                "attempted_at": attempted_at,
                "duration_ms": duration_ms,
                "endpoint_id": endpoint_id,
                "error": error,
                "event_id": event_id,
                "event_seq": event_seq,
                "event_type": event_type,
                "id": id,
                "redelivery": redelivery,
                "requested_at": requested_at,
                "response_excerpt": response_excerpt,
                "status": status,
                "status_code": status_code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempt = d.pop("attempt")

        def _parse_attempted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                attempted_at_type_0 = datetime.datetime.fromisoformat(data)

                return attempted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        attempted_at = _parse_attempted_at(d.pop("attempted_at"))

        def _parse_duration_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        duration_ms = _parse_duration_ms(d.pop("duration_ms"))

        endpoint_id = d.pop("endpoint_id")

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        event_id = d.pop("event_id")

        event_seq = d.pop("event_seq")

        event_type = d.pop("event_type")

        id = d.pop("id")

        redelivery = d.pop("redelivery")

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

        def _parse_response_excerpt(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        response_excerpt = _parse_response_excerpt(d.pop("response_excerpt"))

        status = WebhookDeliveryOutStatus(d.pop("status"))

        def _parse_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        status_code = _parse_status_code(d.pop("status_code"))

        webhook_delivery_out = cls(
            attempt=attempt,
            attempted_at=attempted_at,
            duration_ms=duration_ms,
            endpoint_id=endpoint_id,
            error=error,
            event_id=event_id,
            event_seq=event_seq,
            event_type=event_type,
            id=id,
            redelivery=redelivery,
            requested_at=requested_at,
            response_excerpt=response_excerpt,
            status=status,
            status_code=status_code,
        )

        webhook_delivery_out.additional_properties = d
        return webhook_delivery_out

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
