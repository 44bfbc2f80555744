"""``AwsCloud``: the simulated AppStream 2.0 service behind the emulator's HTTP server."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from streamkit.testing.aws.controls import DEFAULT_REGION, AwsControls
from streamkit.testing.aws.errors import ApiError
from streamkit.testing.aws.operations import OPERATIONS, Context
from streamkit.testing.aws.protocol import (
    TARGET_PREFIX,
    Params,
    error_response,
    operation_of,
    parse_body,
    request_shape,
    success_response,
)
from streamkit.testing.aws.settings import AwsPageSizes, AwsTimings
from streamkit.testing.aws.signing import verify_sigv4
from streamkit.testing.aws.state import AwsState
from streamkit.testing.core.clock import EmulatorClock
from streamkit.testing.core.server import ControlError, Request, Response
from streamkit.testing.core.service import ServiceError

__all__ = ["DEFAULT_REGION", "AwsCloud"]


class AwsCloud(AwsControls):
    """A simulated AWS AppStream 2.0 speaking the real JSON 1.1 protocol, SigV4 included.

    Resources are kept per region (the region of each request's credential scope) and move
    through their states on ``clock``: transitions are applied lazily before each request,
    never by real timers. The test controls (sessions, Image Assistant, failures, timings)
    are in :class:`~streamkit.testing.aws.controls.AwsControls`.
    """

    name = "aws"
    fault_codes: Mapping[str, tuple[str, int]] = {
        "throttle": ("ThrottlingException", 400),
        "server_error": ("InternalFailure", 500),
        "unavailable": ("ServiceUnavailable", 503),
    }

    def __init__(self, clock: EmulatorClock, *, access_key_id: str, secret_access_key: str,
                 timings: AwsTimings | None = None,
                 page_sizes: AwsPageSizes | None = None) -> None:
        self._secrets = {access_key_id: secret_access_key}
        self._initial = (timings or AwsTimings(), page_sizes or AwsPageSizes())
        super().__init__(clock)

    def new_state(self) -> AwsState:
        return AwsState(self.clock, self.tokens, *self._initial)

    def accepts(self, request: Request) -> bool:
        """AppStream requests are the ones targeting ``PhotonAdminProxyService.*``."""
        return request.headers.get("x-amz-target", "").startswith(TARGET_PREFIX)

    def operation_of(self, request: Request) -> str:
        """The operation ``X-Amz-Target`` names."""
        return request.headers.get("x-amz-target", "")[len(TARGET_PREFIX):]

    def serve(self, request: Request) -> Response:
        """Authenticate, decode, run one operation and encode its result."""
        scope = verify_sigv4(request, self._secrets, self.clock)
        operation = operation_of(request)
        handler = OPERATIONS.get(operation)
        if handler is None:
            raise ApiError("UnknownOperationException",
                           f"Operation {operation} is unknown to (or not simulated by) "
                           "the streamkit AppStream emulator.")
        params = Params(parse_body(request.body), request_shape(operation))
        now = self.catch_up()
        result = handler(Context(operation, params, self.state, now, scope.region))
        return success_response(result, str(uuid.uuid4()))

    def refuse(self, error: ServiceError, request: Request | None) -> Response:
        """A JSON 1.1 error (``__type``) with a request id; AppStream sends no retry hint."""
        return error_response(error, str(uuid.uuid4()))

    def add_credentials(self, access_key_id: str, secret_access_key: str) -> None:
        """Also accept requests signed with this key pair (e.g. an assumed role's temporary
        keys, ``ASIA...``; the session token is not checked). Kept across :meth:`reset`."""
        if not access_key_id or not secret_access_key:
            raise ControlError("add_credentials needs an access key id and a secret")
        with self.lock:
            self._secrets[access_key_id] = secret_access_key

    def __repr__(self) -> str:
        return f"AwsCloud(regions={sorted(self.state.regions)}, clock={self.clock!r})"
