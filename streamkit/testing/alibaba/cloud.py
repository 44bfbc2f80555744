"""The simulated Alibaba Cloud App Streaming service (``appstream-center`` 2021-09-01).

:class:`AlibabaCloud` is the emulator backend: it answers RPC requests from the real SDK,
verifies their signature, and offers test controls (failure injection, seeded sessions and
images, timings) both as Python methods and under ``/_streamkit/alibaba/<action>``.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any, Final

from streamkit.testing.alibaba.catalog import DEFAULT_REGION, REGIONS, stable_id
from streamkit.testing.alibaba.controls import run_control
from streamkit.testing.alibaba.errors import ApiError, BusinessFailure
from streamkit.testing.alibaba.operations import OPERATIONS, Call
from streamkit.testing.alibaba.protocol import (
    DEFAULT_HOST_ID,
    Params,
    error_response,
    new_request_id,
    parse_pairs,
    success_response,
)
from streamkit.testing.alibaba.signature import NonceLog, verify_acs3, verify_rpc_v1
from streamkit.testing.alibaba.state import CloudState, Failure, GroupStatus, Image, new_id
from streamkit.testing.alibaba.timings import AlibabaTimings
from streamkit.testing.core.clock import EmulatorClock
from streamkit.testing.core.faults import Faults
from streamkit.testing.core.server import ControlError, Request, Response

__all__ = ["API_VERSION", "AlibabaCloud"]

API_VERSION: Final = "2021-09-01"
INSTANCE_STATUSES: Final = ("INIT", "STARTING", "RUNNING", "IDLE", "BOUND", "CLOSING", "CLOSED",
                            "UNAVAILABLE")
IMAGE_STATUSES: Final = ("AVAILABLE", "INIT", "CREATING", "CREATE_FAILED")
_TRANSIENT_STATUSES: Final = frozenset({GroupStatus.DEPLOYING, GroupStatus.MAINTAINING})


class AlibabaCloud:
    """A simulated App Streaming account behind the emulator's HTTP port.

    Requests must be signed (ACS3-HMAC-SHA256, or legacy RPC v1) with ``access_key_id`` /
    ``access_key_secret``. Slow steps take :class:`AlibabaTimings` seconds on ``clock``.
    """

    name = "alibaba"
    fault_codes: Mapping[str, tuple[str, int]] = {
        "throttle": ("Throttling.User", 400),
        "server_error": ("InternalError", 500),
        "unavailable": ("ServiceUnavailable", 503),
    }

    def __init__(self, clock: EmulatorClock, *, access_key_id: str, access_key_secret: str,
                 timings: AlibabaTimings | None = None, faults: Faults | None = None) -> None:
        self._clock = clock
        #: the emulator's fault rules (shared with the server that applies them)
        self.faults = faults or Faults()
        self._secrets: dict[str, str] = {access_key_id: access_key_secret}
        self._nonces = NonceLog()
        self._initial_timings = timings or AlibabaTimings()
        self._timings = self._initial_timings
        self._lock = threading.RLock()
        self._state = CloudState(clock.now())

    # -- Backend -------------------------------------------------------------------------

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

    def error_reply(self, code: str, message: str, status: int,
                    retry_after_ms: int | None) -> Response:
        """The gateway's error body; a retry hint goes in ``x-acs-retry-after`` (ms)."""
        headers = {"x-acs-retry-after": str(retry_after_ms)} if retry_after_ms else None
        return error_response(ApiError(code, message, status=status, headers=headers),
                              new_request_id(), DEFAULT_HOST_ID)

    def handle(self, request: Request) -> Response:
        """Answer one API request as the real gateway would."""
        request_id = new_request_id()
        host_id = request.headers.get("host") or DEFAULT_HOST_ID
        with self._lock:
            try:
                return self._handle(request, request_id)
            except ApiError as error:
                return error_response(error, request_id, host_id)
            except BusinessFailure as failure:
                return success_response(request_id, {
                    **failure.fields, "Success": False, "Code": failure.code,
                    "Message": failure.message,
                })
            except Exception as exc:  # a simulator bug still answers in the gateway's format
                internal = ApiError("InternalError", "The request processing has failed due "
                                                     f"to some unknown error: {exc!r}", status=500)
                return error_response(internal, request_id, host_id)

    def _handle(self, request: Request, request_id: str) -> Response:
        now = self._clock.now()
        self._state.advance(now)
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
        call = Call(action=action, params=Params([*query, *form]), state=self._state, now=now,
                    timings=self._timings)
        return success_response(request_id, handler(call))

    def _authenticate(self, request: Request, query: list[tuple[str, str]],
                      form: list[tuple[str, str]]) -> None:
        if "authorization" in request.headers:
            verify_acs3(request.method, request.path, query, request.headers, request.body,
                        self._secrets, self._clock, self._nonces)
        elif any(key == "Signature" for key, _ in query):
            verify_rpc_v1(request.method, query, form, self._secrets)
        else:
            raise ApiError("IncompleteSignature",
                           "The request is not signed: no authorization header.")

    def reset(self) -> None:
        """Forget every resource, Alibaba fault and timing change; re-seed the system images."""
        with self._lock:
            self._state = CloudState(self._clock.now())
            self._timings = self._initial_timings
        self.faults.clear(self.name)

    def control(self, action: str, payload: Mapping[str, Any]) -> Any:
        """Serve ``POST /_streamkit/alibaba/<action>`` (see :mod:`.controls`)."""
        with self._lock:
            return run_control(self, action, payload)

    # -- test controls ---------------------------------------------------------------------

    @property
    def timings(self) -> AlibabaTimings:
        """The timings steps started from now on will take."""
        return self._timings

    def set_timings(self, **seconds: float) -> dict[str, float]:
        """Change some timings (``group_deploy=10``, ...); returns all of them."""
        with self._lock:
            try:
                self._timings = self._timings.evolve(seconds)
            except (TypeError, ValueError) as exc:
                raise ControlError(str(exc)) from exc
            return self._timings.as_dict()

    def fail_group(self, group_id: str, code: str = "InternalError",
                   message: str = "The delivery group could not be deployed.", *,
                   immediately: bool = False) -> None:
        """Make the group's deploy end ``FAILED``, or its maintenance ``MAINTAIN_FAILED``.

        A DEPLOYING or MAINTAINING group fails when its step would have completed (at once
        with ``immediately``); a PUBLISHED or MAINTAIN_FAILED group fails its next
        maintenance (ModifyNodePoolAttribute, UpdateAppInstanceGroupImage). The SDK's group
        models have no field for a reason, so ``code``/``message`` show only in
        :meth:`describe_group` (and the ``describe-group`` control).
        """
        with self._lock:
            now = self._clock.now()
            self._state.advance(now)
            group = self._state.groups.get(group_id)
            if group is None:
                raise ControlError(f"no delivery group {group_id!r}")
            failure = Failure(code, message)
            if group.transition is not None and group.status in _TRANSIENT_STATUSES:
                group.transition.failure = failure
                if immediately:
                    group.transition.due = now
                    self._state.advance(now)
            elif group.status in (GroupStatus.PUBLISHED, GroupStatus.MAINTAIN_FAILED):
                group.armed_failure, group.armed_immediately = failure, immediately
            else:
                raise ControlError(f"delivery group {group_id} is {group.status}; it has "
                                   "no deploy or maintenance left to fail")

    def describe_group(self, group_id: str) -> dict[str, Any]:
        """Status, resource status, and the last failure reason (``None`` when none)."""
        with self._lock:
            self._state.advance(self._clock.now())
            group = self._state.groups.get(group_id)
            if group is None:
                raise ControlError(f"no delivery group {group_id!r}")
            pending = group.transition
            return {
                "group_id": group.group_id,
                "status": group.status,
                "resource_status": group.resource_status,
                "image_id": group.image_id,
                "failure": group.failure.as_dict() if group.failure else None,
                "pending": None if pending is None else {"kind": pending.kind,
                                                         "due": pending.due},
            }

    def add_session(self, group_id: str, user_id: str, *, status: str = "BOUND",
                    session_status: str | None = "connect", app_id: str | None = None) -> str:
        """Seed a session (an app instance bound to ``user_id``); returns its AppInstanceId.

        End users create sessions from their clients, so tests create them here. Capacity
        is not checked.
        """
        if status not in INSTANCE_STATUSES:
            raise ControlError(f"status must be one of {', '.join(INSTANCE_STATUSES)}")
        if session_status not in (None, "connect", "disconnect"):
            raise ControlError("session_status must be 'connect', 'disconnect' or None")
        with self._lock:
            now = self._clock.now()
            self._state.advance(now)
            group = self._state.groups.get(group_id)
            if group is None or group.status == GroupStatus.DELETING:
                raise ControlError(f"no delivery group {group_id!r}")
            image = self._state.images.get(group.image_id)
            if app_id is None and image is not None and image.apps:
                app_id = image.apps[0][0]
            instance = self._state.new_instance(group, now)
            self._state.bind(instance, user_id, app_id, now, status=status,
                             session_status=session_status)
            return instance.instance_id

    def add_sessions(self, group_id: str, count: int, *, user_id_prefix: str = "user",
                     status: str = "BOUND", session_status: str | None = "connect") -> list[str]:
        """Seed ``count`` sessions for users ``<prefix>1`` .. ``<prefix><count>``; their ids."""
        if count < 0:
            raise ControlError("count must be >= 0")
        with self._lock:
            return [self.add_session(group_id, f"{user_id_prefix}{number}", status=status,
                                     session_status=session_status)
                    for number in range(1, count + 1)]

    def add_image(self, name: str, *, status: str = "AVAILABLE", image_type: str = "User",
                  regions: list[str] | None = None, apps: list[str] | None = None,
                  platform_name: str = "Windows Server 2019", os_type: str = "Windows",
                  ready_in: float | None = None) -> str:
        """Add an image; returns its ``img-`` id.

        With ``status="CREATING"`` it turns AVAILABLE after ``ready_in`` seconds (default
        ``timings.image_create``). ``apps`` are app names; their ids are derived from them.
        """
        if status not in IMAGE_STATUSES:
            raise ControlError(f"status must be one of {', '.join(IMAGE_STATUSES)}")
        if image_type not in ("User", "System", "Shared", "Community"):
            raise ControlError("image_type must be User, System, Shared or Community")
        chosen = list(regions) if regions else [DEFAULT_REGION]
        unknown = [r for r in chosen if r not in REGIONS]
        if unknown:
            raise ControlError(f"unknown region(s) {unknown}; known: {list(REGIONS)}")
        with self._lock:
            now = self._clock.now()
            self._state.advance(now)
            image = Image(
                image_id=new_id("img"), name=name, image_type=image_type, status=status,
                created=now, modified=now, sequence=self._state.next_sequence(),
                os_type=os_type, platform_name=platform_name, regions=chosen,
                apps=[(stable_id("ca", f"app/{app}"), app) for app in (apps or ["Notepad"])],
                create_mode="BY_SNAPSHOT_ID",
                ready_at=(now + (self._timings.image_create if ready_in is None else ready_in)
                          if status == "CREATING" else None),
            )
            self._state.images[image.image_id] = image
            self._state.advance(now)
            return image.image_id

    def fail_image(self, image_id: str, code: str = "InternalError",
                   message: str = "The image could not be created.") -> None:
        """Make a CREATING image end ``CREATE_FAILED``."""
        with self._lock:
            self._state.advance(self._clock.now())
            image = self._state.images.get(image_id)
            if image is None:
                raise ControlError(f"no image {image_id!r}")
            if image.status != "CREATING":
                raise ControlError(f"image {image_id} is {image.status}; only a CREATING "
                                   "image can be made to fail")
            image.failure = Failure(code, message)

    def fail_ticket_tasks(self, code: str | None = "TryRegionBind.TicketIsNull",
                          message: str = "The app could not be started.") -> None:
        """Make every GetConnectionTicket task that finishes from now on end ``Failed``.

        ``code=None`` switches this off. A failed task releases the slot it bound.
        """
        with self._lock:
            self._state.advance(self._clock.now())
            self._state.ticket_failure = None if code is None else Failure(code, message)

    def inject_fault(self, code: str = "Throttling.User", *, status: int = 400,
                     action: str | None = None, count: int | None = 1,
                     message: str | None = None, retry_after_ms: int | None = None,
                     drop_connection: bool = False) -> int:
        """Answer the next ``count`` requests (of ``action``, or any) with an error.

        ``retry_after_ms`` adds the ``x-acs-retry-after`` header (the SDK then raises
        ``ThrottlingException``); ``drop_connection`` closes the connection unanswered.
        ``count=None`` keeps the fault until :meth:`clear_faults`. A shorthand for
        ``faults.add(provider="alibaba", ...)`` (:mod:`streamkit.testing.core.faults`), which
        applies before the request reaches this cloud. Returns how many Alibaba faults are
        pending.
        """
        try:
            self.faults.add("drop_before" if drop_connection else "error", provider=self.name,
                            operation=action, count=count, code=code, status=status,
                            message=message, retry_after_ms=retry_after_ms)
        except ValueError as exc:
            raise ControlError(str(exc)) from exc
        return sum(rule.provider == self.name for rule in self.faults.rules)

    def clear_faults(self) -> int:
        """Remove the Alibaba faults; returns how many were pending."""
        return self.faults.clear(self.name)

    def __repr__(self) -> str:
        return (f"streamkit.testing.alibaba.AlibabaCloud(groups={len(self._state.groups)}, "
                f"images={len(self._state.images)})")

