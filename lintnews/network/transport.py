"""The httpx transport whose every connection goes through the address policy.

The transport resolves each host name itself, refuses the connection if any resolved
address is refused by :func:`~lintnews.network.policy.refusal`, and otherwise connects to
the address it checked (TLS still verifies and sends SNI for the name), so a DNS answer
cannot change between the check and the connection.
"""

from __future__ import annotations

import asyncio
import functools
import socket
import sys
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from lintnews.common.messages import message as msg
from lintnews.network.policy import AddressRefused, bare_host, is_ip_literal, refusal

if TYPE_CHECKING:
    import httpx

    from lintnews.plugin.settings import NetworkSettings

#: A host name -> addresses hook (tests map fake names to 127.0.0.1); may be async.
Resolver = Callable[[str], Sequence[str] | Awaitable[Sequence[str]]]


class DnsFailure(Exception):
    """The host name could not be resolved; ``permanent`` when it does not exist."""

    def __init__(self, host: str, permanent: bool, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.host = host
        self.permanent = permanent


async def _system_resolve(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        permanent = exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5))
        raise DnsFailure(host, permanent, exc.strerror or str(exc)) from None
    return [str(info[4][0]) for info in infos]


def _remember_missing_sniffio() -> None:
    """Make a missing ``sniffio`` fail fast.

    httpcore imports the optional sniffio on every lock it creates; when it is not installed
    each attempt searches the whole import path again, which measured about a third of the
    checker's time. A ``None`` entry in ``sys.modules`` makes the import fail at once.
    """
    if "sniffio" in sys.modules:
        return
    try:
        import sniffio  # noqa: F401
    except ImportError:
        sys.modules["sniffio"] = None  # type: ignore[assignment]


@functools.cache
def guarded_transport_class() -> type:
    """The httpx transport whose every connection goes through the address check.

    Defined on first use so that httpx and httpcore are imported only when checking.
    """
    _remember_missing_sniffio()
    import httpcore
    import httpx

    class GuardedBackend(httpcore.AsyncNetworkBackend):
        def __init__(self, settings: NetworkSettings, resolver: Resolver | None) -> None:
            self._inner = httpcore.AnyIOBackend()
            self._settings = settings
            self._resolver = resolver

        async def _addresses(self, host: str, port: int, timeout: float | None) -> list[str]:
            if is_ip_literal(host):
                return [bare_host(host)]
            if self._resolver is not None:
                found = self._resolver(host)
                if not isinstance(found, Sequence):
                    found = await found
                addresses = list(found)
            else:
                try:
                    addresses = await asyncio.wait_for(_system_resolve(host, port), timeout)
                except TimeoutError:
                    raise DnsFailure(host, False, msg("DNS lookup timed out")) from None
            if not addresses:
                raise DnsFailure(host, True, msg("no address"))
            return list(dict.fromkeys(addresses))

        async def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,
            local_address: str | None = None,
            socket_options: Iterable[Any] | None = None,
        ) -> httpcore.AsyncNetworkStream:
            addresses = await self._addresses(host, port, timeout)
            # Every address is checked, not just the first: a name with one public and
            # one private address could otherwise be steered to the private one.
            for address in addresses:
                problem = refusal(address, self._settings)
                if problem:
                    raise AddressRefused(host, address, problem)
            failure: Exception | None = None
            for address in addresses:
                try:
                    return await self._inner.connect_tcp(
                        address, port, timeout, local_address, socket_options
                    )
                except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                    failure = exc
            assert failure is not None
            raise failure

        async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> Any:
            raise AddressRefused("unix socket", "unix socket", msg("not a network address"))

        async def sleep(self, seconds: float) -> None:
            await self._inner.sleep(seconds)

    class HostTransport(httpx.AsyncHTTPTransport):
        """Connections to one host, each made through the guarded backend."""

        def __init__(self, settings: NetworkSettings, backend: GuardedBackend, ssl: Any) -> None:
            super().__init__(verify=ssl, http1=True, http2=False, trust_env=False)
            # httpx has no public hook for the network backend, so the pool it built is
            # replaced by an identical one with ours; refuse to run if that changes.
            if not isinstance(getattr(self, "_pool", None), httpcore.AsyncConnectionPool):
                raise RuntimeError("unsupported httpx version: cannot install the address guard")
            self._pool = self.guarded_pool = httpcore.AsyncConnectionPool(
                ssl_context=ssl,
                max_connections=settings.per_host,
                max_keepalive_connections=settings.per_host,
                keepalive_expiry=5.0,
                http1=True,
                http2=False,
                network_backend=backend,
            )
            self.in_flight = 0

        @property
        def idle(self) -> bool:
            """No request waiting for a connection and no response still being read."""
            connections = self.guarded_pool.connections
            return not self.in_flight and all(c.is_idle() or c.is_closed() for c in connections)

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            self.in_flight += 1
            try:
                return await super().handle_async_request(request)
            finally:
                self.in_flight -= 1

    class GuardedTransport(httpx.AsyncBaseTransport):
        """One small connection pool per host, the least recently used closed first.

        httpcore's pool scans all its connections for every request, so one pool for
        hundreds of hosts' connections costs more CPU than the requests themselves;
        per-host pools keep that scan to a handful of connections.
        """

        def __init__(self, settings: NetworkSettings, resolver: Resolver | None) -> None:
            self._settings = settings
            self._backend = GuardedBackend(settings, resolver)
            self._ssl = httpx.create_ssl_context(trust_env=False)  # loaded once, shared
            self._hosts: dict[tuple[bytes, bytes, int | None], HostTransport] = {}
            self._max_hosts = max(2 * settings.concurrency, 32)

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            key = (request.url.raw_scheme, request.url.raw_host, request.url.port)
            transport = self._hosts.pop(key, None)
            if transport is None:
                transport = HostTransport(self._settings, self._backend, self._ssl)
                await self._make_room()
            self._hosts[key] = transport  # most recently used last
            return await transport.handle_async_request(request)

        async def _make_room(self) -> None:
            idle = [key for key, transport in self._hosts.items() if transport.idle]
            for key in idle[: max(0, len(self._hosts) + 1 - self._max_hosts)]:
                await self._hosts.pop(key).aclose()

        async def aclose(self) -> None:
            for transport in list(self._hosts.values()):
                await transport.aclose()
            self._hosts.clear()

    return GuardedTransport
