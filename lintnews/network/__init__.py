"""Checking remote image URLs: safely (no private addresses), politely and only once.

:func:`check_urls` fetches every distinct URL once with a small ranged ``GET`` and tells
whether it serves an image. Safety is enforced where connections are made: the transport
resolves each host name itself, refuses the connection if any resolved address is private,
loopback, link-local, multicast or reserved, and otherwise connects to the address it checked
(TLS still verifies and sends SNI for the name), so a DNS answer cannot change between the
check and the connection, and redirects are checked the same way, hop by hop.

One module per concern: ``policy`` (which addresses may be reached), ``transport`` (the
guarded httpx transport), ``sniff`` (image formats by their bytes), ``response`` (the
verdict on one answer), ``cache`` (successful checks on disk), ``progress`` (the bar) and
``checker`` (redirects, retries, limits). httpx is imported only when something is checked,
so ``import lintnews.network`` is cheap.
"""

from __future__ import annotations

from lintnews.common.urls import normalise_url
from lintnews.network.cache import UrlCheckCache
from lintnews.network.checker import check_urls, check_urls_async
from lintnews.network.policy import AddressRefused, address_problem, refusal
from lintnews.network.progress import should_show_progress
from lintnews.network.response import judge_content
from lintnews.network.result import UrlResult, UrlStatus
from lintnews.network.sniff import looks_like_html, sniff_image
from lintnews.network.transport import DnsFailure, Resolver
from lintnews.plugin.settings import NetworkSettings

__all__ = [
    "AddressRefused",
    "DnsFailure",
    "NetworkSettings",
    "Resolver",
    "UrlCheckCache",
    "UrlResult",
    "UrlStatus",
    "address_problem",
    "check_urls",
    "check_urls_async",
    "judge_content",
    "looks_like_html",
    "normalise_url",
    "refusal",
    "should_show_progress",
    "sniff_image",
]
