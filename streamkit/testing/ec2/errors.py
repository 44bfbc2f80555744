"""Service errors as EC2 reports them: a code, a message and the code's HTTP status."""

from __future__ import annotations

from streamkit.testing.core.service import ServiceError

__all__ = ["Ec2Error"]

# The statuses EC2 answers with; every other error code is a 400.
_STATUS = {"AuthFailure": 401, "MissingAuthenticationToken": 401, "UnauthorizedOperation": 403,
           "SignatureDoesNotMatch": 403, "DryRunOperation": 412}


class Ec2Error(ServiceError):
    """Raised by handlers; answered as EC2's error XML with the code's status."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message, status=_STATUS.get(code, 400))
