"""Webhooks' own rules: which receivers may be called, which events an endpoint wants, how a
delivery is signed, and when a failing endpoint is tried again.

A delivery is signed as Stripe's are: ``Wallet-Signature: t=<unix seconds>,v1=<hex>``, where the
hex is HMAC-SHA256 with the endpoint's secret over ``"<t>." + body``. The timestamp is inside the
signature, so a receiver that refuses old timestamps refuses replays too.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from wallet.domain.errors import InvalidInput

SIGNATURE_HEADER = "Wallet-Signature"
SIGNATURE_VERSION = "v1"
SECRET_PREFIX = "whsec_"
MAX_URL_LENGTH = 2048
MAX_EVENT_TYPES = 50
ALL_EVENTS = "*"
# "transaction.posted", or every type under a prefix: "alert.*".
EVENT_TYPE_PATTERN = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)*(\.\*)?$")

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class WebhookUrlRefused(InvalidInput):
    type = "webhook-url-refused"
    title = "This URL cannot receive webhooks"


class InvalidEventTypes(InvalidInput):
    type = "invalid-event-types"
    title = "Event types are names such as transaction.posted, a prefix such as alert.*, or *"


@dataclass(frozen=True, slots=True)
class Receiver:
    """Where a URL points: what to resolve and connect to, and what to say in ``Host``."""

    scheme: str
    host: str
    port: int


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def receiver_of(url: str) -> Receiver:
    """The URL's scheme, host and port, or a refusal: only plain http(s) URLs with a host, no
    credentials in them (the signature proves who is calling) and no fragment."""
    if len(url) > MAX_URL_LENGTH:
        raise WebhookUrlRefused(f"a webhook URL is at most {MAX_URL_LENGTH} characters", url_length=len(url))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise WebhookUrlRefused(f"not a URL: {error}") from None
    if parts.scheme not in ("http", "https"):
        raise WebhookUrlRefused("a webhook URL is http:// or https://", scheme=parts.scheme)
    if not parts.hostname:
        raise WebhookUrlRefused("a webhook URL names a host")
    if parts.username is not None or parts.password is not None:
        raise WebhookUrlRefused("a webhook URL carries no user name or password; check the signature instead")
    if parts.fragment:
        raise WebhookUrlRefused("a webhook URL has no #fragment")
    return Receiver(parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80))


def address_allowed(address: IpAddress, *, allow_private: bool) -> bool:
    """Public unicast addresses only, unless private ones (loopback, RFC 1918, link-local, unique
    local) are allowed. Unspecified and multicast addresses are never a receiver."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_unspecified or address.is_multicast:
        return False
    return allow_private or address.is_global


def refuse_addresses(host: str, addresses: list[IpAddress], *, allow_private: bool) -> None:
    """Refuse the host unless every address it resolves to may be called: one private address
    among public ones is enough to refuse, since the connection could go to any of them."""
    if not addresses:
        raise WebhookUrlRefused(f"{host} does not resolve to any address", host=host)
    refused = [str(a) for a in addresses if not address_allowed(a, allow_private=allow_private)]
    if refused:
        raise WebhookUrlRefused(
            f"{host} resolves to an address that is not public ({', '.join(refused)}); webhooks go to "
            "public addresses only", host=host, addresses=refused)


def event_types(requested: list[str]) -> list[str]:
    """The endpoint's event types, checked, without repeats, in order; ``*`` alone stands for all."""
    if not requested:
        raise InvalidEventTypes("name at least one event type, or * for every one")
    if len(requested) > MAX_EVENT_TYPES:
        raise InvalidEventTypes(f"at most {MAX_EVENT_TYPES} event types", count=len(requested))
    wrong = [t for t in requested if t != ALL_EVENTS and not EVENT_TYPE_PATTERN.match(t)]
    if wrong:
        raise InvalidEventTypes(f"not an event type: {', '.join(wrong)}", event_types=wrong)
    if ALL_EVENTS in requested:
        return [ALL_EVENTS]
    return sorted(set(requested))


def wants(patterns: list[str], event_type: str) -> bool:
    for pattern in patterns:
        if pattern == ALL_EVENTS or pattern == event_type:
            return True
        if pattern.endswith(".*") and event_type.startswith(pattern[:-1]):
            return True
    return False


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The ``Wallet-Signature`` header's value for a body sent at ``timestamp`` (unix seconds)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},{SIGNATURE_VERSION}={digest}"


def verify_signature(secret: str, header: str, body: bytes, *, now: int, tolerance_seconds: int = 300) -> bool:
    """What a receiver does (the README shows the same in a few lines): the timestamp is recent
    and one ``v1`` value is the HMAC of ``"<t>." + body`` with the secret."""
    fields = [part.split("=", 1) for part in header.split(",") if "=" in part]
    timestamps = [value for key, value in fields if key == "t"]
    if len(timestamps) != 1 or not timestamps[0].isdigit() or abs(now - int(timestamps[0])) > tolerance_seconds:
        return False
    expected = signature(secret, int(timestamps[0]), body).split(f"{SIGNATURE_VERSION}=", 1)[1]
    return any(key == SIGNATURE_VERSION and hmac.compare_digest(value, expected) for key, value in fields)


def retry_delay_seconds(failed_attempts: int, *, first: float, cap: float) -> float:
    """After the n-th failure in a row: ``first``, doubling each time, never more than ``cap``."""
    return min(first * 2 ** min(max(failed_attempts - 1, 0), 40), cap)
