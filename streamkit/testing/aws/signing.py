"""SigV4 for AppStream: the check of :mod:`streamkit.testing.core.sigv4`, JSON error codes."""

from __future__ import annotations

from collections.abc import Mapping

from streamkit.testing.aws.errors import ApiError
from streamkit.testing.core import sigv4
from streamkit.testing.core.clock import EmulatorClock
from streamkit.testing.core.server import Request

__all__ = ["verify_sigv4"]

SIGNING_NAME = "appstream"

#: The ``__type`` AppStream answers for each fault (HTTP 400, the verifier's message)
_SIGNATURE_ERRORS: dict[sigv4.Fault, str] = {
    "missing": "MissingAuthenticationTokenException",
    "incomplete": "IncompleteSignatureException",
    "unknown_key": "UnrecognizedClientException",
    "wrong_service": "InvalidSignatureException",
    "wrong_region": "InvalidSignatureException",
    "scope_date": "InvalidSignatureException",
    "expired": "InvalidSignatureException",
    "missing_header": "InvalidSignatureException",
    "mismatch": "InvalidSignatureException",
}


def verify_sigv4(request: Request, secrets: Mapping[str, str],
                 clock: EmulatorClock) -> sigv4.CredentialScope:
    """Check SigV4 (credential scope service ``appstream``, X-Amz-Date against ``clock``).

    Returns the credential scope, whose region picks the simulated region. Raises
    :class:`ApiError` with the codes AWS uses.
    """
    try:
        return sigv4.verify(request, secrets, service=SIGNING_NAME, clock=clock)
    except sigv4.SignatureError as exc:
        raise ApiError(_SIGNATURE_ERRORS[exc.kind], exc.message) from exc
