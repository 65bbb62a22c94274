"""The address of the client behind the request: the one key every throttle counts on.

``TRUSTED_PROXIES`` (settings, from the environment) lists the addresses or networks of
the reverse proxies in front of the app. Empty (the default): nothing is trusted and
``REMOTE_ADDR`` is the client. Otherwise, when ``REMOTE_ADDR`` is a trusted proxy,
``X-Forwarded-For`` is read from the right: each proxy appends the address it received
the request from, so the rightmost entries are written by our own proxies and everything
left of the first untrusted entry was written by the client (and may be anything). The
first untrusted address from the right is the client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

UNKNOWN = "onbekend"
# An honest chain is a few hops; more is a client padding the header.
MAX_HOPS = 20

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def parse_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """``("10.0.0.0/8", "127.0.0.1")`` -> networks; a typo stops the start, not a login."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {entry!r} is not an IP address or network"
            ) from exc
    return tuple(networks)


def _trusted_networks() -> tuple[Network, ...]:
    return parse_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def parse_address(value: str) -> Address | None:
    """One header or REMOTE_ADDR value as an address; None when it is not one.

    Some proxies add the port ("203.0.113.7:51234", "[2001:db8::1]:443"); it is dropped.
    """
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1:value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # ::ffff:192.0.2.1 and 192.0.2.1 are one client, not two throttle keys.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_address(request) -> str:
    """The client's address as a string (``"onbekend"`` when there is no request)."""
    if request is None:
        return UNKNOWN
    remote = parse_address(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return UNKNOWN
    networks = _trusted_networks()
    if not _is_trusted(remote, networks):
        return str(remote)
    # Several X-Forwarded-For headers arrive joined by commas; the last one is nearest.
    hops = (request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")
    client = remote
    for hop in reversed(hops[-MAX_HOPS:]):
        address = parse_address(hop)
        if address is None:
            # Garbage where a trusted proxy should have written an address: the client
            # wrote it. Stop at the last hop we can vouch for instead of believing
            # anything further left.
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)
