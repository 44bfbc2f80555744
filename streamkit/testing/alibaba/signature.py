"""Verifying request signatures: ACS3-HMAC-SHA256 (the SDK's default) and legacy RPC v1.

ACS3 as the gateway checks it: ``x-acs-date`` present, well formed and within 15 minutes of
the emulator clock (of any time from its start to its now, see
:meth:`~streamkit.testing.core.clock.EmulatorClock.caller_span`, since ``advance`` does not
move the caller's clock); ``x-acs-signature-nonce`` present and never seen before; ``host``
and every ``x-acs-*`` header signed. Legacy RPC v1 checks only its signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Final
from urllib.parse import quote

from streamkit.testing.alibaba.errors import ApiError
from streamkit.testing.core.clock import EmulatorClock

__all__ = ["ACS3_ALGORITHM", "MAX_SKEW", "NonceLog", "verify_acs3", "verify_rpc_v1"]

ACS3_ALGORITHM: Final = "ACS3-HMAC-SHA256"
#: How far (seconds) ``x-acs-date`` may be from the gateway's clock.
MAX_SKEW: Final = 15 * 60
_ACS_DATE: Final = "%Y-%m-%dT%H:%M:%SZ"


class NonceLog:
    """The ``x-acs-signature-nonce`` values already used, each kept while its date is current
    (an older request is refused for its date, so its nonce need not be remembered)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, float] = {}

    def use(self, nonce: str, signed_at: float, earliest: float) -> bool:
        """Record ``nonce``; False if it was used before."""
        with self._lock:
            if nonce in self._seen:
                return False
            if len(self._seen) >= 4096:
                self._seen = {n: t for n, t in self._seen.items() if t >= earliest}
            self._seen[nonce] = signed_at
            return True


def _pct(value: str) -> str:
    return quote(value, safe="~", encoding="utf-8")


def _unknown_key(access_key_id: str) -> ApiError:
    return ApiError("InvalidAccessKeyId.NotFound",
                    f"Specified access key is not found: {access_key_id}", status=404)


def _mismatch(detail: str) -> ApiError:
    return ApiError("SignatureDoesNotMatch",
                    f"Specified signature does not match our calculation. {detail}")


def _authorization_fields(authorization: str) -> tuple[str, dict[str, str]]:
    algorithm, _, rest = authorization.strip().partition(" ")
    fields: dict[str, str] = {}
    for part in rest.split(","):
        key, sep, value = part.strip().partition("=")
        if sep:
            fields[key] = value
    return algorithm, fields


def _signed_at(headers: Mapping[str, str], clock: EmulatorClock) -> tuple[float, float]:
    """``x-acs-date`` as epoch seconds (checked against ``clock``), and the earliest current."""
    text = headers.get("x-acs-date")
    if not text:
        raise ApiError("MissingTimestamp", "Timestamp is mandatory for this action.")
    try:
        signed_at = datetime.strptime(text, _ACS_DATE).replace(tzinfo=timezone.utc).timestamp()
    except ValueError:
        raise ApiError("InvalidTimeStamp.Format",
                       "Specified time stamp or date value is not well formatted.") from None
    earliest, latest = clock.caller_span()
    if not earliest - MAX_SKEW <= signed_at <= latest + MAX_SKEW:
        raise ApiError("InvalidTimeStamp.Expired",
                       "Specified time stamp or date value is expired.")
    return signed_at, earliest - MAX_SKEW


def verify_acs3(method: str, path: str, query: Sequence[tuple[str, str]],
                headers: Mapping[str, str], body: bytes,
                secrets: Mapping[str, str], clock: EmulatorClock, nonces: NonceLog) -> str:
    """Check an ACS3-HMAC-SHA256 ``authorization`` header; returns the AccessKeyId.

    ``query`` holds decoded pairs; ``headers`` has lower-case names. The date is checked
    against ``clock``; a verified request's nonce goes into ``nonces``.
    """
    algorithm, fields = _authorization_fields(headers.get("authorization", ""))
    if algorithm != ACS3_ALGORITHM:
        raise ApiError("InvalidSignatureMethod",
                       f"The signature method {algorithm or '(none)'} is not supported; "
                       f"use {ACS3_ALGORITHM}.")
    credential = fields.get("Credential", "")
    signed = fields.get("SignedHeaders", "")
    signature = fields.get("Signature", "")
    if not credential or not signed or not signature:
        raise ApiError("IncompleteSignature",
                       "The authorization header must carry Credential, SignedHeaders "
                       "and Signature.")
    signed_at, earliest = _signed_at(headers, clock)
    nonce = headers.get("x-acs-signature-nonce")
    if not nonce:
        raise ApiError("MissingSignatureNonce", "SignatureNonce is mandatory for this action.")
    secret = secrets.get(credential)
    if secret is None:
        raise _unknown_key(credential)
    names = signed.split(";")
    unsigned = sorted(h for h in headers if (h == "host" or h.startswith("x-acs-"))
                      and h not in names)
    if unsigned:  # each would be changeable without breaking the signature
        raise ApiError("IncompleteSignature", "The request signature does not conform to "
                       f"Aliyun standards: {', '.join(unsigned)} must be signed.")
    payload_hash = hashlib.sha256(body).hexdigest()
    declared = headers.get("x-acs-content-sha256")
    if declared is not None and declared.strip().lower() != payload_hash:
        raise _mismatch("The x-acs-content-sha256 header does not match the request body.")
    canonical_headers = ""
    for name in names:
        if name not in headers:
            raise _mismatch(f"The signed header {name!r} is not in the request.")
        canonical_headers += f"{name}:{headers[name].strip()}\n"
    canonical_query = "&".join(f"{key}={_pct(value)}" for key, value in
                               sorted(query, key=lambda pair: pair[0]))
    canonical_request = "\n".join([
        method, path or "/", canonical_query, canonical_headers, signed, payload_hash,
    ])
    string_to_sign = (f"{ACS3_ALGORITHM}\n"
                      f"{hashlib.sha256(canonical_request.encode()).hexdigest()}")
    expected = hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature.lower()):
        raise _mismatch(f"Server string to sign is: {string_to_sign}")
    if not nonces.use(nonce, signed_at, earliest):
        raise ApiError("SignatureNonceUsed", "Specified signature nonce was used already.")
    return credential


def verify_rpc_v1(method: str, query: Sequence[tuple[str, str]],
                  body: Sequence[tuple[str, str]], secrets: Mapping[str, str]) -> str:
    """Check a legacy RPC (HMAC-SHA1, ``Signature`` query parameter) request; returns the key id."""
    params = dict(query)
    params.update(body)
    signature = params.pop("Signature", "")
    access_key_id = params.get("AccessKeyId", "")
    if not signature or not access_key_id:
        raise ApiError("IncompleteSignature",
                       "The request carries neither an authorization header nor a complete "
                       "RPC signature (AccessKeyId and Signature).")
    secret = secrets.get(access_key_id)
    if secret is None:
        raise _unknown_key(access_key_id)
    canonical = "&".join(f"{_pct(key)}={_pct(params[key])}" for key in sorted(params))
    string_to_sign = f"{method}&%2F&{_pct(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    expected = base64.b64encode(digest).decode()
    if not hmac.compare_digest(expected, signature):
        raise _mismatch(f"Server string to sign is: {string_to_sign}")
    return access_key_id
