from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_endpoint_out_disabled_reason_type_0 import WebhookEndpointOutDisabledReasonType0
from ..models.webhook_endpoint_out_status import WebhookEndpointOutStatus

T = TypeVar("T", bound="WebhookEndpointOut")


@_attrs_define
class WebhookEndpointOut:
    """
    Attributes:
        created_at (datetime.datetime):
        delivered_seq (int): every event of the feed up to this seq has been delivered (or was not one of
            `event_types`); the next delivery is the first after it
        description (None | str):
        disabled_at (datetime.datetime | None):
        disabled_reason (None | WebhookEndpointOutDisabledReasonType0): `failing`: the service disabled it after the
            retry window; `manual`: a key did
        event_types (list[str]):
        failed_attempts (int): failures in a row of the event the endpoint is waiting on
        failing_since (datetime.datetime | None):
        id (str):
        next_attempt_at (datetime.datetime | None):
        status (WebhookEndpointOutStatus):
        url (str):
    """

    created_at: datetime.datetime
    delivered_seq: int
    description: None | str
    disabled_at: datetime.datetime | None
    disabled_reason: None | WebhookEndpointOutDisabledReasonType0
    event_types: list[str]
    failed_attempts: int
    failing_since: datetime.datetime | None
    id: str
    next_attempt_at: datetime.datetime | None
    status: WebhookEndpointOutStatus
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        delivered_seq = self.delivered_seq

        description: None | str
        description = self.description

        disabled_at: None | str
        if isinstance(self.disabled_at, datetime.datetime):
            disabled_at = self.disabled_at.isoformat()
        else:
            disabled_at = self.disabled_at

        disabled_reason: None | str
        if isinstance(self.disabled_reason, WebhookEndpointOutDisabledReasonType0):
            disabled_reason = self.disabled_reason.value
        else:
            disabled_reason = self.disabled_reason

        event_types = self.event_types

        failed_attempts = self.failed_attempts

        failing_since: None | str
        if isinstance(self.failing_since, datetime.datetime):
            failing_since = self.failing_since.isoformat()
        else:
            failing_since = self.failing_since

        id = self.id

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        status = self.status.value

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "delivered_seq": delivered_seq,
                "description": description,
                "disabled_at": disabled_at,
                "disabled_reason": disabled_reason,
                "event_types": event_types,
                "failed_attempts": failed_attempts,
                "failing_since": failing_since,
                "id": id,
                "next_attempt_at": next_attempt_at,
                "status": status,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        delivered_seq = d.pop("delivered_seq")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        def _parse_disabled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disabled_at_type_0 = datetime.datetime.fromisoformat(data)

                return disabled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        disabled_at = _parse_disabled_at(d.pop("disabled_at"))

        def _parse_disabled_reason(data: object) -> None | WebhookEndpointOutDisabledReasonType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disabled_reason_type_0 = WebhookEndpointOutDisabledReasonType0(data)

                return disabled_reason_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | WebhookEndpointOutDisabledReasonType0, data)

        disabled_reason = _parse_disabled_reason(d.pop("disabled_reason"))

        event_types = cast(list[str], d.pop("event_types"))

        failed_attempts = d.pop("failed_attempts")

        def _parse_failing_since(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failing_since_type_0 = datetime.datetime.fromisoformat(data)

                return failing_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        failing_since = _parse_failing_since(d.pop("failing_since"))

        id = d.pop("id")

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))

        status = WebhookEndpointOutStatus(d.pop("status"))

        url = d.pop("url")

        webhook_endpoint_out = cls(
            created_at=created_at,
            delivered_seq=delivered_seq,
            description=description,
            disabled_at=disabled_at,
            disabled_reason=disabled_reason,
            event_types=event_types,
            failed_attempts=failed_attempts,
            failing_since=failing_since,
            id=id,
            next_attempt_at=next_attempt_at,
            status=status,
            url=url,
        )

        webhook_endpoint_out.additional_properties = d
        return webhook_endpoint_out

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
