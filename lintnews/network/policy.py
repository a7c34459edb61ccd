"""Which addresses may be connected to: public ones, unless the settings allow more.

Checked where connections are made (:mod:`lintnews.network.transport`) and, for address
literals, before any request (:func:`refusal_before_request`).
"""

from __future__ import annotations

import contextlib
import ipaddress
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lintnews.common.messages import message as msg
from lintnews.common.messages import template
from lintnews.network.result import UrlResult

if TYPE_CHECKING:
    from lintnews.plugin.settings import NetworkSettings

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def address_problem(address: str) -> str | None:
    """Why connecting to ``address`` is refused (e.g. "a loopback address"), or None."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return msg("not an IP address")
    if isinstance(ip, ipaddress.IPv6Address):
        # IPv4 embedded in IPv6 reaches the IPv4 host, so judge that host.
        if ip.is_site_local:
            # fec0::/10, deprecated (RFC 3879) but still routed inside some networks.
            return msg("a site-local address")
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            # 2002::/16 (6to4) embeds the IPv4 address a relay forwards to.
            ip = ip.sixtofour
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    for test, description in (
        (ip.is_loopback, template("a loopback address")),
        (ip.is_unspecified, template("an unspecified address")),
        (ip.is_link_local, template("a link-local address")),
        (ip.is_multicast, template("a multicast address")),
        (ip.is_private, template("a private address")),
        (ip.is_reserved, template("a reserved address")),
        (not ip.is_global, template("not a public address")),
    ):
        if test:
            return msg(description)
    return None


def refusal(address: str, settings: NetworkSettings) -> str | None:
    """Why a connection to ``address`` is refused under ``settings``, or None."""
    if settings.allow_private_hosts:
        return None
    problem = address_problem(address)
    if problem and settings.allowed_private_networks:
        with contextlib.suppress(ValueError):
            ip = ipaddress.ip_address(address.split("%", 1)[0])
            for network in settings.allowed_private_networks:
                if ip in ipaddress.ip_network(network, strict=False):
                    return None
    return problem


class AddressRefused(Exception):
    """A connection was refused before it was made: the host resolves to a private address."""

    def __init__(self, host: str, address: str, problem: str) -> None:
        super().__init__(f"{host} resolves to {address}, {problem}")
        self.host = host
        self.address = address
        self.problem = problem

    @property
    def detail(self) -> str:
        if self.host == self.address:
            return msg(
                "refused: {address} is {problem}", address=self.address, problem=self.problem
            )
        return msg(
            "refused: {host} resolves to {address}, {problem}",
            host=self.host,
            address=self.address,
            problem=self.problem,
        )


def bare_host(host: str) -> str:
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(bare_host(host))
    except ValueError:
        return False
    return True


def refusal_before_request(url: str, settings: NetworkSettings) -> UrlResult | None:
    """Refusals known without any request: an address literal that is not public."""
    host = urlsplit(url).hostname or ""
    if is_ip_literal(host):
        problem = refusal(bare_host(host), settings)
        if problem:
            detail = msg(
                "refused: {address} is {problem}", address=bare_host(host), problem=problem
            )
            return UrlResult("refused", detail, final_url=url)
    return None
