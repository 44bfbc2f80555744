"""AWS Signature Version 4 verification, written against the spec so the emulator needs no SDK.

Protocol-neutral: :func:`verify` raises :class:`SignatureError` with a *kind*, and each
simulated service answers the kind with its own error code (AppStream's JSON errors in
:mod:`streamkit.testing.aws.signing`, EC2's XML ones in :mod:`streamkit.testing.ec2.protocol`).
The messages are AWS's own wording for its JSON services.

The X-Amz-Date must be within 15 minutes of the emulator clock, as the cloud's is: of any
time from the clock's start to its now (see :meth:`EmulatorClock.caller_span`), since a test's
``advance`` moves the emulator's time but not the caller's clock it signs with.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection, Mapping
from datetime import datetime, timezone
from typing import Literal
from urllib.parse import parse_qsl, quote, unquote

import attrs

from streamkit.testing.core.clock import EmulatorClock
from streamkit.testing.core.server import Request

__all__ = ["ALGORITHM", "AWS_REGIONS", "MAX_SKEW", "CredentialScope", "Fault", "SignatureError",
           "canonical_request", "signing_key", "verify"]

ALGORITHM = "AWS4-HMAC-SHA256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
#: How far (seconds) a request's X-Amz-Date may be from the service's clock.
MAX_SKEW = 15 * 60
_AMZ_DATE = "%Y%m%dT%H%M%SZ"

#: The regions the emulator's AWS endpoint serves: AppStream 2.0's (botocore's endpoint
#: data, commercial and GovCloud partitions). A scope naming any other region is refused.
AWS_REGIONS: frozenset[str] = frozenset({
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1",
    "ap-southeast-2", "ap-southeast-5", "ca-central-1", "ca-west-1", "eu-central-1",
    "eu-central-2", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
    "il-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-2", "us-gov-east-1",
    "us-gov-west-1",
})

#: What is wrong with a request's signature, in the order :func:`verify` checks:
#: no Authorization header; a malformed header or no (or an unreadable) X-Amz-Date; an
#: access key id not in the secrets; a credential scope for another service; for a region
#: the endpoint does not serve; for another day than X-Amz-Date; an X-Amz-Date more than
#: :data:`MAX_SKEW` off the clock; a signed header not sent; a wrong signature.
Fault = Literal["missing", "incomplete", "unknown_key", "wrong_service", "wrong_region",
                "scope_date", "expired", "missing_header", "mismatch"]


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


def verify(request: Request, secrets: Mapping[str, str], *, service: str,
           clock: EmulatorClock, regions: Collection[str] = AWS_REGIONS) -> CredentialScope:
    """Check the request's SigV4 signature against ``secrets`` (access key id -> secret key).

    ``service`` is the signing name the credential scope must carry (``appstream``, ``ec2``),
    ``regions`` the regions it may name; X-Amz-Date is checked against ``clock``. Returns the
    credential scope (its region picks the simulated region); raises :class:`SignatureError`.
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
    if scope.region not in regions:
        raise SignatureError("wrong_region", "Credential should be scoped to a valid region, "
                             f"not '{scope.region}'. ")
    amz_date = request.headers.get("x-amz-date")
    if not amz_date:
        raise SignatureError("incomplete",
                             "Authorization header requires existence of either a 'X-Amz-Date' "
                             "or a 'Date' header.")
    signed_at = _parse_amz_date(amz_date)
    if scope.date != amz_date[:8]:
        raise SignatureError("scope_date", "Date in Credential scope does not match YYYYMMDD "
                             "from ISO-8601 version of date from HTTP: "
                             f"'{scope.date}' != '{amz_date[:8]}', from 'x-amz-date'.")
    _check_skew(amz_date, signed_at, clock)
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


def _parse_amz_date(text: str) -> float:
    try:
        when = datetime.strptime(text, _AMZ_DATE).replace(tzinfo=timezone.utc)
    except ValueError:
        raise SignatureError("incomplete", f"Date must be in ISO-8601 'basic format'. Got "
                             f"'{text[:40]}'. See http://en.wikipedia.org/wiki/ISO_8601") from None
    return when.timestamp()


def _stamp(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime(_AMZ_DATE)


def _check_skew(amz_date: str, signed_at: float, clock: EmulatorClock) -> None:
    earliest, latest = clock.caller_span()
    if signed_at < earliest - MAX_SKEW:
        raise SignatureError("expired", f"Signature expired: {amz_date} is now earlier than "
                             f"{_stamp(earliest - MAX_SKEW)} ({_stamp(earliest)} - 15 min.)")
    if signed_at > latest + MAX_SKEW:
        raise SignatureError("expired", f"Signature not yet current: {amz_date} is still later "
                             f"than {_stamp(latest + MAX_SKEW)} ({_stamp(latest)} + 15 min.)")


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
