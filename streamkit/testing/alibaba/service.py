"""``AlibabaCloud``: the simulated App Streaming service behind the emulator's HTTP port."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from streamkit.testing.alibaba.catalog import DEFAULT_REGION
from streamkit.testing.alibaba.controls import AlibabaControls
from streamkit.testing.alibaba.errors import ApiError
from streamkit.testing.alibaba.operations import OPERATIONS, AlibabaCall
from streamkit.testing.alibaba.protocol import (
    DEFAULT_HOST_ID,
    Params,
    error_response,
    new_request_id,
    parse_pairs,
    success_response,
)
from streamkit.testing.alibaba.settings import AlibabaTimings
from streamkit.testing.alibaba.signature import NonceLog, verify_acs3, verify_rpc_v1
from streamkit.testing.alibaba.state import AlibabaState
from streamkit.testing.core.clock import EmulatorClock
from streamkit.testing.core.faults import Faults
from streamkit.testing.core.server import Request, Response
from streamkit.testing.core.service import ServiceError

__all__ = ["API_VERSION", "AlibabaCloud"]

API_VERSION: Final = "2021-09-01"


class AlibabaCloud(AlibabaControls):
    """A simulated App Streaming account behind the emulator's HTTP port.

    It answers RPC requests from the real SDK (``appstream-center`` 2021-09-01), which must be
    signed (ACS3-HMAC-SHA256, or legacy RPC v1) with ``access_key_id`` /
    ``access_key_secret``. Slow steps take :class:`AlibabaTimings` seconds on ``clock``. The
    test controls are in :class:`~streamkit.testing.alibaba.controls.AlibabaControls`.
    """

    name = "alibaba"
    fault_codes: Mapping[str, tuple[str, int]] = {
        "throttle": ("Throttling.User", 400),
        "server_error": ("InternalError", 500),
        "unavailable": ("ServiceUnavailable", 503),
    }

    def __init__(self, clock: EmulatorClock, *, access_key_id: str, access_key_secret: str,
                 timings: AlibabaTimings | None = None, faults: Faults | None = None) -> None:
        self.faults = faults or Faults()
        self._secrets: dict[str, str] = {access_key_id: access_key_secret}
        self._nonces = NonceLog()
        self._initial_timings = timings or AlibabaTimings()
        super().__init__(clock)

    def new_state(self) -> AlibabaState:
        return AlibabaState(self.clock, self.tokens, self._initial_timings)

    def accepts(self, request: Request) -> bool:
        """Alibaba RPC requests carry ``x-acs-action`` (or, legacy, an ``Action`` query)."""
        if "x-acs-action" in request.headers:
            return True
        return any(key == "Action" for key, _ in parse_pairs(request.query))

    def operation_of(self, request: Request) -> str:
        """``x-acs-action``, or the legacy ``Action`` query parameter."""
        action = request.headers.get("x-acs-action")
        if action is None:
            action = next((v for k, v in parse_pairs(request.query) if k == "Action"), "")
        return action

    def handle(self, request: Request) -> Response:
        """Answer one API request as the real gateway would, even when the simulation fails."""
        try:
            return super().handle(request)
        except Exception as exc:  # a simulator bug still answers in the gateway's format
            return self.refuse(ApiError("InternalError", "The request processing has failed "
                                        f"due to some unknown error: {exc!r}", status=500),
                               request)

    def serve(self, request: Request) -> Response:
        now = self.catch_up()
        query = parse_pairs(request.query)
        try:
            form = parse_pairs(request.body.decode("utf-8")) if request.body else []
        except UnicodeDecodeError as exc:
            raise ApiError("InvalidParameter.Format", "The request body is not UTF-8.") from exc
        legacy = dict(query)
        action = request.headers.get("x-acs-action") or legacy.get("Action", "")
        version = request.headers.get("x-acs-version") or legacy.get("Version", "")
        if request.method not in ("POST", "GET"):
            raise ApiError("UnsupportedHTTPMethod",
                           f"The HTTP method {request.method} is not supported.")
        if version != API_VERSION:
            raise ApiError("NoSuchVersion",
                           f"The API version {version or '(none)'} does not exist; "
                           f"appstream-center speaks {API_VERSION}.")
        handler = OPERATIONS.get(action)
        if handler is None:
            raise ApiError("InvalidApi.NotFound",
                           f"Specified api {action or '(none)'} is not found, please check "
                           "your url and method (not simulated by the streamkit emulator).",
                           status=404)
        self._authenticate(request, query, form)
        call = AlibabaCall(action, Params([*query, *form]), self.state, now, DEFAULT_REGION)
        return success_response(new_request_id(), handler(call))

    def refuse(self, error: ServiceError, request: Request | None) -> Response:
        """The gateway's error body (a business failure: 200 with ``Success: false``)."""
        host_id = (request.headers.get("host") if request else None) or DEFAULT_HOST_ID
        return error_response(error, new_request_id(), host_id)

    def error_reply(self, code: str, message: str, status: int,
                    retry_after_ms: int | None) -> Response:
        """The gateway's error body; a retry hint goes in ``x-acs-retry-after`` (ms)."""
        headers = {"x-acs-retry-after": str(retry_after_ms)} if retry_after_ms else None
        return self.refuse(ApiError(code, message, status=status, headers=headers), None)

    def _authenticate(self, request: Request, query: list[tuple[str, str]],
                      form: list[tuple[str, str]]) -> None:
        if "authorization" in request.headers:
            verify_acs3(request.method, request.path, query, request.headers, request.body,
                        self._secrets, self.clock, self._nonces)
        elif any(key == "Signature" for key, _ in query):
            verify_rpc_v1(request.method, query, form, self._secrets)
        else:
            raise ApiError("IncompleteSignature",
                           "The request is not signed: no authorization header.")

    def reset(self) -> None:
        """Forget every resource, Alibaba fault and timing change; re-seed the system images."""
        super().reset()
        self.faults.clear(self.name)

    def __repr__(self) -> str:
        return (f"streamkit.testing.alibaba.AlibabaCloud(groups={len(self.state.groups)}, "
                f"images={len(self.state.images)})")
