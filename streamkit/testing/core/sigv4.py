"""AWS Signature Version 4 verification, written against the spec so the emulator needs no SDK.

Protocol-neutral: :func:`verify` raises :class:`SignatureError` with a *kind*, and each
simulated service answers the kind with its own error code (AppStream's JSON errors in
:mod:`streamkit.testing.aws.signing`, EC2's XML ones in :mod:`streamkit.testing.ec2.protocol`).
The messages are AWS's own wording for its JSON services. The X-Amz-Date skew is
deliberately not checked: the emulator clock is fake and need not match the client's.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Literal
from urllib.parse import parse_qsl, quote, unquote

import attrs

from streamkit.testing.core.server import Request

__all__ = ["ALGORITHM", "CredentialScope", "Fault", "SignatureError", "canonical_request",
           "signing_key", "verify"]

ALGORITHM = "AWS4-HMAC-SHA256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"

#: What is wrong with a request's signature, in the order :func:`verify` checks:
#: no Authorization header; a malformed header or no X-Amz-Date; an access key id not in
#: the secrets; a credential scope for another service; a signed header not sent; a wrong
#: signature.
Fault = Literal["missing", "incomplete", "unknown_key", "wrong_service", "missing_header",
                "mismatch"]


class SignatureError(Exception):
    """A request :func:`verify` refuses: the ``kind`` of fault and what to tell the client."""

    def __init__(self, kind: Fault, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind: Fault = kind
        self.message = message


@attrs.frozen
class CredentialScope:
    """The ``Credential=`` part of a verified Authorization header."""

    access_key_id: str
    date: str
    region: str
    service: str


def verify(request: Request, secrets: Mapping[str, str], *, service: str) -> CredentialScope:
    """Check the request's SigV4 signature against ``secrets`` (access key id -> secret key).

    ``service`` is the signing name the credential scope must carry (``appstream``, ``ec2``).
    Returns the credential scope (its region picks the simulated region); raises
    :class:`SignatureError`.
    """
    header = request.headers.get("authorization")
    if not header:
        raise SignatureError("missing", "Missing Authentication Token")
    scope, signed_headers, signature = _parse_authorization(header)
    secret = secrets.get(scope.access_key_id)
    if secret is None:
        raise SignatureError("unknown_key",
                             "The security token included in the request is invalid.")
    if scope.service != service:
        raise SignatureError("wrong_service",
                             f"Credential should be scoped to correct service: '{service}'.")
    amz_date = request.headers.get("x-amz-date")
    if not amz_date:
        raise SignatureError("incomplete",
                             "Authorization header requires existence of either a 'X-Amz-Date' "
                             "or a 'Date' header.")
    missing = [h for h in signed_headers if h not in request.headers]
    if missing:
        raise SignatureError("missing_header",
                             "The request signature we calculated does not match the signature "
                             "you provided. Signed header(s) not present: "
                             f"{', '.join(missing)}")
    canonical = canonical_request(request, signed_headers)
    string_to_sign = "\n".join([
        ALGORITHM, amz_date,
        f"{scope.date}/{scope.region}/{scope.service}/aws4_request",
        hashlib.sha256(canonical.encode()).hexdigest(),
    ])
    key = signing_key(secret, scope.date, scope.region, scope.service)
    expected = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise SignatureError("mismatch",
                             "The request signature we calculated does not match the signature "
                             "you provided. Check your AWS Secret Access Key and signing method. "
                             "Consult the service documentation for details.")
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
        raise SignatureError("incomplete", f"Unsupported authorization algorithm {algorithm!r}; "
                             f"expected {ALGORITHM}.")
    fields: dict[str, str] = {}
    for part in rest.split(","):
        key, sep, value = part.strip().partition("=")
        if sep:
            fields[key.strip()] = value.strip()
    missing = [k for k in ("Credential", "SignedHeaders", "Signature") if not fields.get(k)]
    if missing:
        raise SignatureError("incomplete", f"Authorization header requires '{missing[0]}' "
                             f"parameter. Authorization={header}")
    credential = fields["Credential"].split("/")
    if len(credential) != 5 or credential[4] != "aws4_request" or not all(credential):
        raise SignatureError("incomplete", "Credential must have exactly 5 slash-delimited "
                             "elements, e.g. keyid/date/region/service/aws4_request.")
    scope = CredentialScope(credential[0], credential[1], credential[2], credential[3])
    signed = [h.strip().lower() for h in fields["SignedHeaders"].split(";") if h.strip()]
    return scope, signed, fields["Signature"]
