"""AWS Signature Version 4 verification, written against the spec so the emulator needs no SDK."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from urllib.parse import parse_qsl, quote, unquote

import attrs

from streamkit.testing.aws.errors import ApiError
from streamkit.testing.server import Request

__all__ = ["ALGORITHM", "CredentialScope", "verify_sigv4"]

ALGORITHM = "AWS4-HMAC-SHA256"
SIGNING_NAME = "appstream"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"


@attrs.frozen
class CredentialScope:
    """The ``Credential=`` part of a verified Authorization header."""

    access_key_id: str
    date: str
    region: str
    service: str


def verify_sigv4(request: Request, secrets: Mapping[str, str]) -> CredentialScope:
    """Check the request's SigV4 signature against ``secrets`` (access key id -> secret key).

    Returns the credential scope (its region picks the simulated region). Raises
    :class:`ApiError` with the codes AWS uses. The X-Amz-Date skew is deliberately not
    checked: the emulator clock is fake and need not match the client's wall clock.
    """
    header = request.headers.get("authorization")
    if not header:
        raise ApiError("MissingAuthenticationTokenException", "Missing Authentication Token")
    scope, signed_headers, signature = _parse_authorization(header)
    secret = secrets.get(scope.access_key_id)
    if secret is None:
        raise ApiError("UnrecognizedClientException",
                       "The security token included in the request is invalid.")
    if scope.service != SIGNING_NAME:
        raise ApiError("InvalidSignatureException",
                       f"Credential should be scoped to correct service: '{SIGNING_NAME}'.")
    amz_date = request.headers.get("x-amz-date")
    if not amz_date:
        raise ApiError("IncompleteSignatureException",
                       "Authorization header requires existence of either a 'X-Amz-Date' or "
                       "a 'Date' header.")
    missing = [h for h in signed_headers if h not in request.headers]
    if missing:
        raise ApiError("InvalidSignatureException",
                       f"The request signature we calculated does not match the signature you "
                       f"provided. Signed header(s) not present: {', '.join(missing)}")
    canonical = canonical_request(request, signed_headers)
    string_to_sign = "\n".join([
        ALGORITHM, amz_date,
        f"{scope.date}/{scope.region}/{scope.service}/aws4_request",
        hashlib.sha256(canonical.encode()).hexdigest(),
    ])
    key = signing_key(secret, scope.date, scope.region, scope.service)
    expected = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise ApiError("InvalidSignatureException",
                       "The request signature we calculated does not match the signature you "
                       "provided. Check your AWS Secret Access Key and signing method. Consult "
                       "the service documentation for details.")
    return scope


def canonical_request(request: Request, signed_headers: list[str]) -> str:
    """The SigV4 canonical request for ``request`` over ``signed_headers`` (lower-case names)."""
    path = quote(unquote(request.path or "/"), safe="/~")
    pairs = sorted(parse_qsl(request.query, keep_blank_values=True))
    query = "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in pairs)
    headers = "".join(f"{name}:{' '.join(request.headers[name].split())}\n"
                      for name in signed_headers)
    declared = request.headers.get("x-amz-content-sha256")
    # Only the explicit opt-out is honoured; a declared hash is never trusted over the body.
    payload = (UNSIGNED_PAYLOAD if declared == UNSIGNED_PAYLOAD
               else hashlib.sha256(request.body).hexdigest())
    return "\n".join([request.method.upper(), path, query, headers, ";".join(signed_headers),
                      payload])


def signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    """The derived SigV4 key: HMAC chain over date, region, service and ``aws4_request``."""
    key = ("AWS4" + secret).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def _parse_authorization(header: str) -> tuple[CredentialScope, list[str], str]:
    algorithm, _, rest = header.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise ApiError("IncompleteSignatureException",
                       f"Unsupported authorization algorithm {algorithm!r}; expected {ALGORITHM}.")
    fields: dict[str, str] = {}
    for part in rest.split(","):
        key, sep, value = part.strip().partition("=")
        if sep:
            fields[key.strip()] = value.strip()
    missing = [k for k in ("Credential", "SignedHeaders", "Signature") if not fields.get(k)]
    if missing:
        raise ApiError("IncompleteSignatureException",
                       f"Authorization header requires '{missing[0]}' parameter. "
                       f"Authorization={header}")
    credential = fields["Credential"].split("/")
    if len(credential) != 5 or credential[4] != "aws4_request" or not all(credential):
        raise ApiError("IncompleteSignatureException",
                       "Credential must have exactly 5 slash-delimited elements, e.g. "
                       "keyid/date/region/service/aws4_request.")
    scope = CredentialScope(credential[0], credential[1], credential[2], credential[3])
    signed = [h.strip().lower() for h in fields["SignedHeaders"].split(";") if h.strip()]
    return scope, signed, fields["Signature"]
