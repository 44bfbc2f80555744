"""``Ec2Cloud``: the slice of EC2 the emulator simulates (Windows fast launch), query protocol.

Control routes, ``POST /_streamkit/ec2/<action>`` (every payload may carry ``"region"``,
default ``us-east-1``):

==================== ===================================================================
action               payload -> answer
==================== ===================================================================
``add-image``        ``{"image_id", "platform"?: "windows"|"linux", "owner_id"?}``
``fail-fast-launch`` ``{"image_id", "reason"}``: the current or next enable ends
                     ``enabling-failed`` with that reason
``timings``          ``{"enable"?, "disable"?}`` seconds -> all timings
==================== ===================================================================
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from streamkit.testing.aws.pagination import TokenCodec
from streamkit.testing.core.clock import EmulatorClock
from streamkit.testing.core.server import ControlError, Request, Response
from streamkit.testing.ec2.operations import AMI_ID_RE, OPERATIONS, Call
from streamkit.testing.ec2.protocol import (
    Ec2Error,
    error_response,
    form_of,
    success_response,
    verify_signature,
)
from streamkit.testing.ec2.state import ACCOUNT_ID, PLATFORMS, Ami, Ec2State, Ec2Timings

__all__ = ["DEFAULT_REGION", "Ec2Cloud"]

DEFAULT_REGION = "us-east-1"


class Ec2Cloud:
    """Simulated EC2 fast launch: DescribeFastLaunchImages, EnableFastLaunch, DisableFastLaunch.

    It shares the emulator's port with AppStream (EC2 requests are the form-encoded ones with
    ``Action`` and ``Version``) and checks SigV4 with credential scope service ``ec2``. Each
    region starts with two Windows AMIs and one Linux AMI (:data:`~.state.SEED_IMAGES`);
    fast launch states move on ``clock``, applied lazily before each request.
    """

    name = "ec2"
    fault_codes: Mapping[str, tuple[str, int]] = {
        "throttle": ("RequestLimitExceeded", 503),
        "server_error": ("InternalError", 500),
        "unavailable": ("Unavailable", 503),
    }

    def __init__(self, clock: EmulatorClock, *, access_key_id: str, secret_access_key: str,
                 timings: Ec2Timings | None = None) -> None:
        self._lock = threading.RLock()
        self._secrets = {access_key_id: secret_access_key}
        self._initial = timings or Ec2Timings()
        self._state = Ec2State(clock, self._initial)
        self._tokens = TokenCodec()

    @property
    def timings(self) -> Ec2Timings:
        """Current durations; assign a new :class:`Ec2Timings` to change them."""
        return self._state.timings

    @timings.setter
    def timings(self, value: Ec2Timings) -> None:
        with self._lock:
            self._state.timings = value

    # -- Backend protocol ----------------------------------------------------------------

    def accepts(self, request: Request) -> bool:
        """EC2 query requests: form-encoded POSTs with ``Action`` and ``Version``."""
        return form_of(request) is not None

    def operation_of(self, request: Request) -> str:
        """The form's ``Action``."""
        return (form_of(request) or {}).get("Action", "")

    def error_reply(self, code: str, message: str, status: int,
                    retry_after_ms: int | None) -> Response:
        """EC2's error XML with the given status; EC2 sends no retry hint."""
        error = Ec2Error(code, message)
        error.status = status
        return error_response(error, str(uuid.uuid4()))

    def handle(self, request: Request) -> Response:
        request_id = str(uuid.uuid4())
        try:
            form = form_of(request) or {}
            region = verify_signature(request, self._secrets, self._state.clock)
            action = form.get("Action", "")
            handler = OPERATIONS.get(action)
            if handler is None:
                raise Ec2Error("InvalidAction", f"The action {action} is not valid for this "
                               "web service.")
            with self._lock:
                self._state.catch_up()
                call = Call(self._state, self._state.region(region), form,
                            self._state.clock.now(), self._tokens)
                return success_response(action, handler(call), request_id)
        except Ec2Error as error:
            return error_response(error, request_id)

    def reset(self) -> None:
        """Forget every image and state; restore the construction timings."""
        with self._lock:
            self._state.clear()
            self._state.timings = self._initial

    def control(self, action: str, payload: Mapping[str, Any]) -> Any:
        """Serve ``POST /_streamkit/ec2/<action>`` (see the module docstring)."""
        handler = _CONTROLS.get(action)
        if handler is None:
            raise ControlError(f"unknown ec2 control {action!r}; known: "
                               f"{', '.join(sorted(_CONTROLS))}")
        return handler(self, payload)

    # -- test controls -------------------------------------------------------------------

    def add_image(self, image_id: str, *, platform: str = "windows",
                  owner_id: str = ACCOUNT_ID, region: str = DEFAULT_REGION) -> None:
        """Register an AMI (no fast launch state) that the fast launch calls can act on."""
        if not AMI_ID_RE.fullmatch(image_id):
            raise ControlError(f"image id {image_id!r} does not look like 'ami-<8-17 hex>'")
        if platform not in PLATFORMS:
            raise ControlError(f"platform must be one of {', '.join(PLATFORMS)}")
        if not owner_id.isdigit() or len(owner_id) != 12:
            raise ControlError("owner_id must be a 12-digit account id")
        with self._lock:
            self._state.catch_up()
            images = self._state.region(region)
            if image_id in images:
                raise ControlError(f"image {image_id!r} already exists in {region}")
            images[image_id] = Ami(image_id, platform, owner_id)

    def fail_fast_launch(self, image_id: str, reason: str, *,
                         region: str = DEFAULT_REGION) -> None:
        """Make the image's current (``enabling``) or next enable end ``enabling-failed``."""
        if not reason:
            raise ControlError("reason must be a non-empty string")
        with self._lock:
            self._state.catch_up()
            ami = self._state.region(region).get(image_id)
            if ami is None:
                raise ControlError(f"no image {image_id!r} in {region}")
            ami.failure = reason

    def __repr__(self) -> str:
        return f"Ec2Cloud(regions={sorted(self._state.regions)}, clock={self._state.clock!r})"


def _text(payload: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = payload.get(key, default)
    if not isinstance(value, str) or not value:
        raise ControlError(f"'{key}' must be a non-empty string")
    return value


def _add_image(cloud: Ec2Cloud, payload: Mapping[str, Any]) -> dict[str, Any]:
    image_id = _text(payload, "image_id")
    cloud.add_image(image_id, platform=_text(payload, "platform", "windows"),
                    owner_id=_text(payload, "owner_id", ACCOUNT_ID),
                    region=_text(payload, "region", DEFAULT_REGION))
    return {"image_id": image_id}


def _fail_fast_launch(cloud: Ec2Cloud, payload: Mapping[str, Any]) -> dict[str, Any]:
    image_id, reason = _text(payload, "image_id"), _text(payload, "reason")
    cloud.fail_fast_launch(image_id, reason, region=_text(payload, "region", DEFAULT_REGION))
    return {"image_id": image_id, "reason": reason}


def _timings(cloud: Ec2Cloud, payload: Mapping[str, Any]) -> dict[str, Any]:
    known = {f.name for f in attrs.fields(Ec2Timings)}
    changes: dict[str, float] = {}
    for key, value in payload.items():
        if key not in known:
            raise ControlError(f"unknown field {key!r}; known: {', '.join(sorted(known))}")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ControlError(f"{key!r} must be a number of seconds >= 0")
        changes[key] = float(value)
    cloud.timings = attrs.evolve(cloud.timings, **changes)
    return attrs.asdict(cloud.timings)


_CONTROLS: Mapping[str, Callable[[Ec2Cloud, Mapping[str, Any]], dict[str, Any]]] = {
    "add-image": _add_image,
    "fail-fast-launch": _fail_fast_launch,
    "timings": _timings,
}
