"""Page tokens: one signed, opaque kind for every simulated service.

A token is ``base64url(json{listing, cursor}) + "." + mac``. The MAC key is random per
service instance, so a forged, edited or foreign token (one another listing handed out) is
refused; each service answers :class:`InvalidToken` with its own error code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from typing import Any

__all__ = ["InvalidToken", "TokenCodec", "listing_id"]


class InvalidToken(ValueError):
    """A token this listing did not hand out."""


class TokenCodec:
    """Encodes a listing's cursor into a token and reads it back, refusing anything else."""

    def __init__(self) -> None:
        self._key = secrets.token_bytes(16)

    def encode(self, listing: str, cursor: Any) -> str:
        """A token for ``cursor`` (any JSON value) that only ``listing`` accepts."""
        body = base64.urlsafe_b64encode(
            json.dumps({"l": listing, "c": cursor}, separators=(",", ":")).encode()).decode()
        return f"{body}.{self._mac(body)}"

    def decode(self, listing: str, token: str) -> Any:
        """The cursor inside ``token``; :class:`InvalidToken` unless ``listing`` issued it."""
        body, _, mac = token.partition(".")
        if not hmac.compare_digest(self._mac(body), mac):
            raise InvalidToken(token)
        try:
            data = json.loads(base64.urlsafe_b64decode(body.encode()))
        except ValueError as exc:
            raise InvalidToken(token) from exc
        if not isinstance(data, dict) or data.get("l") != listing:
            raise InvalidToken(token)
        return data.get("c")

    def decode_offset(self, listing: str, token: str) -> int:
        """A cursor that is a position in a list (an integer >= 0)."""
        cursor = self.decode(listing, token)
        if isinstance(cursor, bool) or not isinstance(cursor, int) or cursor < 0:
            raise InvalidToken(token)
        return cursor

    def _mac(self, body: str) -> str:
        return hmac.new(self._key, body.encode(), hashlib.sha256).hexdigest()[:24]


def listing_id(operation: str, *parts: Any) -> str:
    """A listing marker: the operation plus a digest of the filters that shape its results."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
    return f"{operation}:{digest[:16]}"
