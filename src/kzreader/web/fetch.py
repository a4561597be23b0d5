"""Bounded HTTP(S) fetching: every request kzreader makes to the web goes through ``Fetcher``.

- Only ``http`` and ``https`` URLs; anything else (``file:``, ``javascript:``, ``data:``...) is
  refused before a socket opens.
- Hosts that resolve to loopback, private, link-local or otherwise non-public addresses are
  reached only when the caller trusts their origin (the feed or URL the user gave; an entry
  link may point back at its own feed's origin, never elsewhere inside the network).  The
  connection goes to the address that was checked, so a name cannot re-resolve in between.
- Timeouts: to connect, between bytes, and for the whole response (a server that trickles
  bytes forever is cut at ``total_timeout``).
- A size cap per response, checked against Content-Length and while reading, and again after
  gzip/deflate decompression (a gzip bomb stops at the cap, never in memory whole).
- At most ``max_redirects`` redirects, each hop checked like the first; a loop is an error.
- A per-host interval between requests, a clear User-Agent, conditional requests (ETag,
  Last-Modified) for feeds.

Errors are ``FetchError`` with a one-line message naming the URL; nothing here retries: the
refresh records the error and the next refresh tries again.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

from kzreader.safetext import one_line

MIB = 1024 * 1024


def _user_agent() -> str:
    try:
        from kzreader import __version__
    except ImportError:  # pragma: no cover - an uninstalled tree
        __version__ = "0"
    return f"kzreader/{__version__} (terminal news reader; fetches feeds and their articles)"


@dataclass(frozen=True)
class FetchLimits:
    connect_timeout: float = 10.0
    #: Longest wait for the next bytes of a response.
    read_timeout: float = 20.0
    #: Longest time for one whole response, redirects included.
    total_timeout: float = 45.0
    #: Largest body kept, after decompression.
    max_bytes: int = 8 * MIB
    max_redirects: int = 3
    #: Seconds between the starts of two requests to one host.
    host_interval: float = 0.5
    #: Threads fetching at once.
    workers: int = 4
    user_agent: str = field(default_factory=_user_agent)


class FetchError(Exception):
    """A request that failed; ``str()`` is one line naming the URL."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        self.url = one_line(url)
        self.reason = one_line(reason)
        self.status = status
        super().__init__(f"{self.url}: {self.reason}")


@dataclass(frozen=True)
class Response:
    url: str
    """The URL the body came from, after redirects."""
    status: int
    body: bytes
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def origin(url: str) -> str:
    """``scheme://host:port`` of a URL, lower-cased, with the default port made explicit."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or (443 if scheme == "https" else 80)
    return f"{scheme}://{(parts.hostname or '').lower()}:{port}"


def check_url(url: str) -> str:
    """The URL without its fragment, or ``FetchError`` when it is not a plain http(s) URL."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise FetchError(url, f"not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        what = f"{scheme}: URLs" if scheme else "URLs without a scheme"
        raise FetchError(url, f"refused: only http and https are fetched, not {what}")
    if not parts.hostname:
        raise FetchError(url, "not a valid URL (no host)")
    if parts.username or parts.password:
        raise FetchError(url, "refused: URLs with a user name or password are not fetched")
    return urlunsplit((scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class _RateLimit:
    """Request starts to one host at least ``interval`` seconds apart (threads wait in turn)."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> None:
        if self.interval <= 0:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, 0.0))
            self._next[host] = start + self.interval
        if start > now:
            time.sleep(start - now)


class Fetcher:
    """Fetch URLs within ``limits``; thread-safe (one instance serves a refresh's pool)."""

    def __init__(self, limits: FetchLimits | None = None) -> None:
        self.limits = limits or FetchLimits()
        self._rate = _RateLimit(self.limits.host_interval)
        self._pools: dict[tuple[str, str, int, str], object] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.close()  # type: ignore[attr-defined]

    def get(
        self,
        url: str,
        *,
        trusted: Iterable[str] = (),
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = "*/*",
    ) -> Response:
        """GET ``url``.  ``trusted``: origins (see ``origin``) that may be non-public hosts.
        Returns a 200 or (with ``etag``/``last_modified``) a 304 response; raises FetchError."""
        allowed = frozenset(trusted)
        deadline = time.monotonic() + self.limits.total_timeout
        current = check_url(url)
        seen = {current}
        for _hop in range(self.limits.max_redirects + 1):
            status, headers, response = self._request(
                current, allowed, deadline, etag, last_modified, accept
            )
            if status in (301, 302, 303, 307, 308):
                response.close()
                location = headers.get("location")
                if not location:
                    raise FetchError(current, f"HTTP {status} redirect without a Location", status)
                target = check_url(urljoin(current, location))
                if target in seen:
                    raise FetchError(url, f"redirect loop (back to {target})", status)
                seen.add(target)
                current = target
                continue
            try:
                if status == 304:
                    return Response(
                        current,
                        304,
                        b"",
                        etag=headers.get("etag") or etag,
                        last_modified=headers.get("last-modified") or last_modified,
                    )
                if status != 200:
                    raise FetchError(
                        current, f"HTTP {status} {response.reason or ''}".strip(), status
                    )
                body = self._read(current, headers, response, deadline)
            finally:
                response.close()
            mime, charset = _content_type(headers.get("content-type"))
            return Response(
                current,
                200,
                body,
                content_type=mime,
                charset=charset,
                etag=headers.get("etag"),
                last_modified=headers.get("last-modified"),
            )
        raise FetchError(url, f"more than {self.limits.max_redirects} redirects")

    # --- one hop --------------------------------------------------------------------------

    def _request(  # type: ignore[no-untyped-def]
        self,
        url: str,
        allowed: frozenset[str],
        deadline: float,
        etag: str | None,
        last_modified: str | None,
        accept: str,
    ):
        import urllib3

        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = self._address(url, host, port, allowed)
        self._rate.wait(host)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(url, f"took longer than {self.limits.total_timeout:g} s")
        headers = {
            "User-Agent": self.limits.user_agent,
            "Accept": accept,
            "Accept-Encoding": "gzip, deflate",
            "Host": parts.netloc.rsplit("@", 1)[-1],
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        pool = self._pool(parts.scheme, address, port, host)
        timeout = urllib3.Timeout(
            connect=min(self.limits.connect_timeout, remaining),
            read=min(self.limits.read_timeout, remaining),
        )
        path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        try:
            response = pool.urlopen(  # type: ignore[attr-defined]
                "GET",
                path,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
                decode_content=False,
                timeout=timeout,
                assert_same_host=False,
            )
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(url, _describe(exc)) from None
        except OSError as exc:
            raise FetchError(url, f"connection failed: {exc.strerror or exc}") from None
        lowered = {k.lower(): v for k, v in response.headers.items()}
        return response.status, lowered, response

    def _address(self, url: str, host: str, port: int, allowed: frozenset[str]) -> str:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(url, f"cannot resolve host {host!r} ({exc})") from None
        addresses = [str(info[4][0]) for info in infos]
        if not addresses:
            raise FetchError(url, f"cannot resolve host {host!r}")
        if not all(is_public(a) for a in addresses) and origin(url) not in allowed:
            raise FetchError(
                url,
                f"refused: {host} is a loopback or private address "
                f"({addresses[0]}) and not this feed's own origin",
            )
        return addresses[0]

    def _pool(self, scheme: str, address: str, port: int, host: str) -> object:
        import urllib3

        key = (scheme, address, port, host)
        with self._lock:
            pool = self._pools.get(key)
            if pool is None:
                if scheme == "https":
                    pool = urllib3.HTTPSConnectionPool(
                        address,
                        port,
                        maxsize=2,
                        block=False,
                        retries=False,
                        cert_reqs="CERT_REQUIRED",
                        server_hostname=host,
                        assert_hostname=host,
                    )
                else:
                    pool = urllib3.HTTPConnectionPool(
                        address, port, maxsize=2, block=False, retries=False
                    )
                self._pools[key] = pool
        return pool

    def _read(self, url: str, headers: dict[str, str], response, deadline: float) -> bytes:  # type: ignore[no-untyped-def]
        import urllib3

        cap = self.limits.max_bytes
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > cap:
            raise FetchError(
                url, f"response of {int(length) / MIB:.1f} MB is over the {cap / MIB:g} MB limit"
            )
        decoder = _decoder(headers.get("content-encoding", ""))
        parts: list[bytes] = []
        size = 0
        try:
            while True:
                if time.monotonic() > deadline:
                    raise FetchError(url, f"took longer than {self.limits.total_timeout:g} s")
                chunk = response.read1(65536)
                if not chunk:
                    break
                if decoder is not None:
                    chunk = _inflate(url, decoder, chunk, cap - size)
                size += len(chunk)
                if size > cap:
                    raise FetchError(url, f"response is over the {cap / MIB:g} MB limit")
                parts.append(chunk)
            if decoder is not None:
                tail = decoder.flush()
                size += len(tail)
                if size > cap:
                    raise FetchError(url, f"response is over the {cap / MIB:g} MB limit")
                parts.append(tail)
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(url, _describe(exc)) from None
        except OSError as exc:
            raise FetchError(url, f"connection failed: {exc.strerror or exc}") from None
        return b"".join(parts)


def _decoder(encoding: str):  # type: ignore[no-untyped-def]
    encoding = encoding.strip().lower()
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    return None  # identity, or one we did not ask for: kept as it is


def _inflate(url: str, decoder, chunk: bytes, room: int) -> bytes:  # type: ignore[no-untyped-def]
    """Decompress ``chunk`` without ever holding more than ``room`` + 1 bytes of output."""
    out: list[bytes] = []
    size = 0
    try:
        data = decoder.decompress(chunk, max(room, 0) + 1)
        while True:
            out.append(data)
            size += len(data)
            if size > room:
                raise FetchError(url, "response is over the size limit once decompressed")
            if not decoder.unconsumed_tail:
                break
            data = decoder.decompress(decoder.unconsumed_tail, room - size + 1)
    except zlib.error as exc:
        raise FetchError(url, f"bad compressed data ({exc})") from None
    return b"".join(out)


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return mime.strip().lower() or None, charset


def _describe(exc: Exception) -> str:
    import urllib3

    if isinstance(exc, (urllib3.exceptions.ReadTimeoutError, TimeoutError)):
        return "timed out waiting for the server"
    if isinstance(exc, urllib3.exceptions.ConnectTimeoutError):
        return "timed out connecting"
    if isinstance(exc, urllib3.exceptions.SSLError):
        return f"TLS error ({exc})"
    if isinstance(exc, urllib3.exceptions.NewConnectionError):
        return "connection refused or unreachable"
    if isinstance(exc, urllib3.exceptions.ProtocolError):
        return f"connection broken ({exc.args[0] if exc.args else exc})"
    return f"{type(exc).__name__}: {exc}"
