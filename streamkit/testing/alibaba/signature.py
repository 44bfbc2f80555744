"""Verifying request signatures: ACS3-HMAC-SHA256 (the SDK's default) and legacy RPC v1.

The clock is the emulator's, so neither the date skew nor nonce replay is checked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from typing import Final
from urllib.parse import quote

from streamkit.testing.alibaba.errors import ApiError

__all__ = ["ACS3_ALGORITHM", "verify_acs3", "verify_rpc_v1"]

ACS3_ALGORITHM: Final = "ACS3-HMAC-SHA256"


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


def verify_acs3(method: str, path: str, query: Sequence[tuple[str, str]],
                headers: Mapping[str, str], body: bytes,
                secrets: Mapping[str, str]) -> str:
    """Check an ACS3-HMAC-SHA256 ``authorization`` header; returns the AccessKeyId.

    ``query`` holds decoded pairs; ``headers`` has lower-case names.
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
    secret = secrets.get(credential)
    if secret is None:
        raise _unknown_key(credential)
    payload_hash = hashlib.sha256(body).hexdigest()
    declared = headers.get("x-acs-content-sha256")
    if declared is not None and declared.strip().lower() != payload_hash:
        raise _mismatch("The x-acs-content-sha256 header does not match the request body.")
    names = signed.split(";")
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
