"""One delivery over HTTP: the signed POST, to an address checked just before it is sent.

The host is resolved and its addresses checked before every attempt, and the connection goes to
the checked address itself (with the name in ``Host`` and in TLS's SNI, so the certificate is
still checked against the name): a name that resolves elsewhere by the time it is called (DNS
rebinding) cannot steer a delivery into the service's own network. Redirects are not followed, the
client ignores proxy settings from the environment, and only the start of a response is read.
"""

from __future__ import annotations

import ipaddress
import json
import time
from typing import Any

import httpx

from wallet.domain.webhooks import SIGNATURE_HEADER, WebhookUrlRefused, signature
from wallet.persistence.event_repository import EventRecord
from wallet.persistence.types import utc_now
from wallet.usecases.deliver_webhooks import Delivery, Outcome
from wallet.webhooks.addresses import checked_receiver

USER_AGENT = "wallet-webhooks/1"
RESPONSE_READ_BYTES = 2048


def client(timeout_seconds: float, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    # One client per endpoint while it is served: a pooled connection is then only ever reused for
    # the same name, whose certificate it was opened with.
    return httpx.Client(timeout=httpx.Timeout(timeout_seconds), follow_redirects=False, trust_env=False,
                        transport=transport, headers={"User-Agent": USER_AGENT})


def payload(event: EventRecord) -> bytes:
    """The body: the event as ``GET /v1/events`` lists it."""
    body: dict[str, Any] = {"seq": event.seq, "id": event.event_id, "type": event.type,
                            "occurred_at": event.occurred_at.isoformat().replace("+00:00", "Z"), "data": event.data}
    return json.dumps(body, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()


def send(http: httpx.Client, delivery: Delivery, *, allow_private: bool, timeout_seconds: float) -> Outcome:
    attempted_at, started = utc_now(), time.monotonic()

    def outcome(**found: Any) -> Outcome:
        return Outcome(attempted_at, int((time.monotonic() - started) * 1000), **found)

    endpoint = delivery.endpoint
    try:
        receiver, addresses = checked_receiver(endpoint.url, allow_private=allow_private)
    except WebhookUrlRefused as refused:
        return outcome(error=refused.detail)
    body = payload(delivery.event)
    url = httpx.URL(endpoint.url)
    # identity: a compressed answer could unpack to far more than the little of it that is read.
    headers = {"Content-Type": "application/json", "Accept-Encoding": "identity", "Host": url.netloc.decode("ascii"),
               SIGNATURE_HEADER: signature(endpoint.secret, int(time.time()), body),
               "Wallet-Event-Id": delivery.event.event_id, "Wallet-Event-Type": delivery.event.type,
               "Wallet-Delivery-Id": delivery.delivery_id}
    extensions = {} if _is_address(receiver.host) or receiver.scheme != "https" else {"sni_hostname": receiver.host}
    request = http.build_request("POST", url.copy_with(host=str(addresses[0])), content=body, headers=headers,
                                 extensions=extensions)
    try:
        response = http.send(request, stream=True)
        try:
            excerpt = _start_of(response, deadline=started + timeout_seconds)
        finally:
            response.close()
    except httpx.TimeoutException:
        return outcome(error=f"no answer within {timeout_seconds:g} s")
    except httpx.HTTPError as error:
        return outcome(error=f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)
    redirect = response.headers.get("location") if response.is_redirect else None
    return outcome(status_code=response.status_code, response_excerpt=excerpt,
                   error=f"redirects are not followed (to {redirect})" if redirect else None)


def _start_of(response: httpx.Response, *, deadline: float) -> str:
    """The first bytes of the answer, for the delivery log; never more, and never past the deadline."""
    read = b""
    try:
        for chunk in response.iter_raw():
            read += chunk
            if len(read) >= RESPONSE_READ_BYTES or time.monotonic() > deadline:
                break
    except httpx.StreamConsumed:  # an answer made in memory (a test's transport) is read already
        read = response.content
    return read[:RESPONSE_READ_BYTES].decode("utf-8", "replace")


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
