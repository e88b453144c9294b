"""Where a webhook URL points, checked: at registration, and again before every delivery, since
what a name resolves to can change between the two (DNS rebinding)."""

from __future__ import annotations

import ipaddress
import socket

from wallet.domain.webhooks import IpAddress, Receiver, WebhookUrlRefused, receiver_of, refuse_addresses


def resolve(receiver: Receiver) -> list[IpAddress]:
    try:
        found = socket.getaddrinfo(receiver.host, receiver.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise WebhookUrlRefused(f"{receiver.host} does not resolve: {error}", host=receiver.host) from None
    addresses: list[IpAddress] = []
    for *_, sockaddr in found:
        # An IPv6 sockaddr may carry a zone ("fe80::1%eth0"); the address is what comes before it.
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


def checked_receiver(url: str, *, allow_private: bool) -> tuple[Receiver, list[IpAddress]]:
    """The URL's receiver and the addresses it may be reached at now, or ``WebhookUrlRefused``."""
    receiver = receiver_of(url)
    addresses = resolve(receiver)
    refuse_addresses(receiver.host, addresses, allow_private=allow_private)
    return receiver, addresses
