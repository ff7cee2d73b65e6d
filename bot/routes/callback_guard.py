"""Callback security for providers that do not sign requests (Exotel, Kaleyra).

Each callback path carries a long random secret (compared in constant time); when configured, the
caller's address must be in an allow-list and a static header must carry a token. A failure is a
logged 403 that never says which check failed.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
from dataclasses import dataclass

from fastapi import HTTPException, Request

from bot.config_india import Network, parse_cidrs

logger = logging.getLogger("saathi.webhooks.guard")


@dataclass(frozen=True)
class CallbackGuard:
    """What one provider's callbacks must show."""

    provider: str
    secret: str  # the configured path secret; empty refuses every callback
    allowed_cidrs: str = ""
    proxy_header: str = ""
    token_header: str = ""
    token: str = ""  # empty: no header required

    def verify(self, request: Request, secret: str) -> None:
        """403 (logged) unless the path secret, the caller's address and the token header pass."""
        endpoint = request.url.path.rsplit("/", 1)[-1]
        if not self.secret or not _same(secret, self.secret):
            _refuse(self.provider, endpoint, "wrong callback secret")
        networks = parse_cidrs(self.allowed_cidrs)
        address = client_address(request, self.proxy_header)
        if networks and not _allowed(address, networks):
            _refuse(self.provider, endpoint, f"address {address} not in the allow-list")
        if self.token and not _same(request.headers.get(self.token_header, ""), self.token):
            _refuse(self.provider, endpoint, f"missing or wrong {self.token_header} header")


def client_address(request: Request, proxy_header: str) -> str:
    """The caller's IP: the socket peer, or the address our own proxy appended last to its header."""
    if proxy_header:
        forwarded = request.headers.get(proxy_header, "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.client.host if request.client else ""


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def _allowed(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _refuse(provider: str, endpoint: str, reason: str) -> None:
    logger.warning("rejected %s %s callback: %s", provider, endpoint, reason)
    raise HTTPException(status_code=403, detail="forbidden")
