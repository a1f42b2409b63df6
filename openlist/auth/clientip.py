"""The client's address: the socket peer, unless the peer is a configured trusted proxy (W4, W18)."""

from __future__ import annotations

import ipaddress

from aiohttp import web

from openlist.config import Network


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(addr: ipaddress.IPv4Address | ipaddress.IPv6Address | None, proxies: tuple[Network, ...]) -> bool:
    return addr is not None and any(addr in net for net in proxies)


def client_ip(request: web.Request, proxies: tuple[Network, ...]) -> str:
    peer = request.transport.get_extra_info("peername") if request.transport else None
    peer_ip = str(peer[0]) if isinstance(peer, tuple) and peer else ""
    addr = _parse(peer_ip)
    if not _trusted(addr, proxies):
        return peer_ip
    # Walk X-Forwarded-For from the right, skipping our own trusted proxies: the first
    # untrusted hop is the client. (A client can prepend anything; only the right end is ours.)
    forwarded = request.headers.get("X-Forwarded-For", "")
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    for hop in reversed(hops):
        hop_addr = _parse(hop)
        if hop_addr is None:
            break
        if not _trusted(hop_addr, proxies):
            return str(hop_addr)
    real = _parse(request.headers.get("X-Real-IP", ""))
    if real is not None and not hops:
        return str(real)
    if hops:
        first = _parse(hops[0])
        if first is not None:
            return str(first)
    return peer_ip


def forwarded_from_trusted(request: web.Request, proxies: tuple[Network, ...]) -> bool:
    peer = request.transport.get_extra_info("peername") if request.transport else None
    return _trusted(_parse(str(peer[0])) if isinstance(peer, tuple) and peer else None, proxies)
