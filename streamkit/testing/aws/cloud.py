"""``AwsCloud``: the simulated AppStream 2.0 service behind the emulator's HTTP server."""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from streamkit.testing.aws import lifecycle
from streamkit.testing.aws.config import AwsPageSizes, AwsTimings
from streamkit.testing.aws.context import Context
from streamkit.testing.aws.controls import run_control
from streamkit.testing.aws.errors import ApiError
from streamkit.testing.aws.operations import OPERATIONS
from streamkit.testing.aws.ops_images import IMAGE_STATES, VISIBILITIES
from streamkit.testing.aws.ops_sessions import AUTHENTICATION_TYPES
from streamkit.testing.aws.params import NAME_PATTERN, Params
from streamkit.testing.aws.protocol import (
    TARGET_PREFIX,
    error_response,
    operation_of,
    parse_body,
    success_response,
)
from streamkit.testing.aws.resources import Image, PendingFailure, Session, arn
from streamkit.testing.aws.seed import application
from streamkit.testing.aws.signing import verify_sigv4
from streamkit.testing.aws.state import CloudState, RegionState
from streamkit.testing.core.clock import EmulatorClock
from streamkit.testing.core.server import ControlError, Request, Response

__all__ = ["DEFAULT_REGION", "AwsCloud"]

DEFAULT_REGION = "us-east-1"
SESSION_STATES = ("ACTIVE", "PENDING", "EXPIRED")
CONNECTION_STATES = ("CONNECTED", "NOT_CONNECTED")


def _check(value: str, allowed: Sequence[str], what: str) -> str:
    if value not in allowed:
        raise ControlError(f"{what} must be one of {', '.join(allowed)}, not {value!r}")
    return value


class AwsCloud:
    """A simulated AWS AppStream 2.0 speaking the real JSON 1.1 protocol, SigV4 included.

    Resources are kept per region (the region of each request's credential scope) and move
    through their states on ``clock``: transitions are applied lazily before each request,
    never by real timers. Methods other than the :class:`Backend` ones are test controls for
    what AppStream's public API cannot do (sessions, Image Assistant, failures); they raise
    :class:`ControlError` for bad arguments. Everything is guarded by one re-entrant lock.
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
        self._lock = threading.RLock()
        self._secrets = {access_key_id: secret_access_key}
        self._initial = (timings or AwsTimings(), page_sizes or AwsPageSizes())
        self._state = CloudState(clock, *self._initial)

    # -- configuration -------------------------------------------------------------------

    @property
    def clock(self) -> EmulatorClock:
        return self._state.clock

    @property
    def timings(self) -> AwsTimings:
        """Current transition durations; assign a new :class:`AwsTimings` to change them."""
        return self._state.timings

    @timings.setter
    def timings(self, value: AwsTimings) -> None:
        with self._lock:
            self._state.timings = value

    @property
    def page_sizes(self) -> AwsPageSizes:
        """Current server page sizes; assign a new :class:`AwsPageSizes` to change them."""
        return self._state.page_sizes

    @page_sizes.setter
    def page_sizes(self, value: AwsPageSizes) -> None:
        with self._lock:
            self._state.page_sizes = value

    # -- Backend protocol ----------------------------------------------------------------

    def accepts(self, request: Request) -> bool:
        """AppStream requests are the ones targeting ``PhotonAdminProxyService.*``."""
        return request.headers.get("x-amz-target", "").startswith(TARGET_PREFIX)

    def operation_of(self, request: Request) -> str:
        """The operation ``X-Amz-Target`` names."""
        return request.headers.get("x-amz-target", "")[len(TARGET_PREFIX):]

    def error_reply(self, code: str, message: str, status: int,
                    retry_after_ms: int | None) -> Response:
        """A JSON 1.1 error (``__type``) with a request id; AppStream sends no retry hint."""
        return error_response(ApiError(code, message, status), str(uuid.uuid4()))

    def handle(self, request: Request) -> Response:
        """Authenticate, decode, run one operation and encode its result or error."""
        request_id = str(uuid.uuid4())
        try:
            scope = verify_sigv4(request, self._secrets, self.clock)
            operation = operation_of(request)
            handler = OPERATIONS.get(operation)
            if handler is None:
                raise ApiError("UnknownOperationException",
                               f"Operation {operation} is unknown to (or not simulated by) "
                               "the streamkit AppStream emulator.")
            params = Params(parse_body(request.body))
            with self._lock:
                self._state.catch_up()
                ctx = Context(self._state, self._state.region(scope.region), self._state.now())
                result = handler(ctx, params)
            return success_response(result, request_id)
        except ApiError as error:
            return error_response(error, request_id)

    def reset(self) -> None:
        """Forget every resource and pending transition; restore the construction settings."""
        with self._lock:
            self._state.clear()
            self._state.timings, self._state.page_sizes = self._initial

    def control(self, action: str, payload: Mapping[str, Any]) -> Any:
        """Serve ``POST /_streamkit/aws/<action>`` (see :mod:`streamkit.testing.aws.controls`)."""
        with self._lock:
            return run_control(self, action, payload)

    # -- test controls -------------------------------------------------------------------

    def _region(self, region: str) -> RegionState:
        self._state.catch_up()
        return self._state.region(region)

    def add_credentials(self, access_key_id: str, secret_access_key: str) -> None:
        """Also accept requests signed with this key pair (e.g. an assumed role's temporary
        keys, ``ASIA...``; the session token is not checked). Kept across :meth:`reset`."""
        if not access_key_id or not secret_access_key:
            raise ControlError("add_credentials needs an access key id and a secret")
        with self._lock:
            self._secrets[access_key_id] = secret_access_key

    def fail_fleet(self, name: str, errors: Sequence[tuple[str, str]], *,
                   immediately: bool = False, region: str = DEFAULT_REGION) -> None:
        """Make the fleet's current (STARTING) or next start end in STOPPED with FleetErrors.

        ``errors`` are ``(ErrorCode, ErrorMessage)`` pairs. A STARTING fleet fails when it
        would have become RUNNING, or at once with ``immediately``; otherwise the next
        StartFleet fails that way (with ``immediately``: inside the StartFleet call).
        """
        if not errors:
            raise ControlError("fail_fleet needs at least one (code, message) error")
        with self._lock:
            state = self._region(region)
            fleet = state.fleets.get(name)
            if fleet is None:
                raise ControlError(f"no fleet {name!r} in {region}")
            failure = PendingFailure([{"ErrorCode": str(code), "ErrorMessage": str(message)}
                                      for code, message in errors], immediately)
            lifecycle.fail_fleet(state, fleet, failure)

    def add_session(self, stack_name: str, fleet_name: str, user_id: str, *,
                    state: str = "ACTIVE", connection_state: str = "CONNECTED",
                    authentication_type: str = "API", region: str = DEFAULT_REGION) -> str:
        """Simulate a user opening a streaming URL; returns the new session's id.

        The stack and fleet must exist and be associated. ACTIVE sessions count towards the
        fleet's ``InUse`` capacity; sessions end when their fleet reaches STOPPED.
        """
        return self._insert_sessions(stack_name, fleet_name, [user_id], state,
                                     connection_state, authentication_type, region)[0]

    def add_sessions(self, stack_name: str, fleet_name: str, count: int, *,
                     user_id_prefix: str = "user", state: str = "ACTIVE",
                     connection_state: str = "CONNECTED", authentication_type: str = "API",
                     region: str = DEFAULT_REGION) -> list[str]:
        """Seed ``count`` sessions (users ``<prefix>1`` .. ``<prefix><count>``); their ids.

        Each insertion is O(log n), so benchmarks can seed tens of thousands quickly.
        """
        if count < 0:
            raise ControlError("count must be >= 0")
        users = [f"{user_id_prefix}{number}" for number in range(1, count + 1)]
        return self._insert_sessions(stack_name, fleet_name, users, state, connection_state,
                                     authentication_type, region)

    def _insert_sessions(self, stack_name: str, fleet_name: str, users: Sequence[str],
                         state: str, connection_state: str, authentication_type: str,
                         region: str) -> list[str]:
        _check(state, SESSION_STATES, "state")
        _check(connection_state, CONNECTION_STATES, "connection_state")
        _check(authentication_type, AUTHENTICATION_TYPES, "authentication_type")
        if not all(users):
            raise ControlError("user ids must not be empty")
        with self._lock:
            store = self._region(region)
            if stack_name not in store.stacks:
                raise ControlError(f"no stack {stack_name!r} in {region}")
            fleet = store.fleets.get(fleet_name)
            if fleet is None:
                raise ControlError(f"no fleet {fleet_name!r} in {region}")
            if not store.associated(stack_name, fleet_name):
                raise ControlError(f"fleet {fleet_name!r} is not associated with stack "
                                   f"{stack_name!r}")
            now = self._state.now()
            duration = float(fleet.settings.get("MaxUserDurationInSeconds", 57600))
            ids: list[str] = []
            for user in users:
                seq = self._state.next_seq()
                session = Session(
                    id=str(uuid.uuid4()), user_id=user, stack=stack_name, fleet=fleet_name,
                    state=state, connection_state=connection_state, start=now,
                    max_expiration=now + duration, authentication_type=authentication_type,
                    instance_id=f"i-{seq:017x}", seq=seq,
                )
                store.add_session(session, fleet)
                ids.append(session.id)
            return ids

    def add_image(self, name: str, *, platform: str = "WINDOWS_SERVER_2019",
                  state: str = "AVAILABLE", visibility: str = "PRIVATE",
                  applications: Sequence[str | Mapping[str, Any]] = (),
                  description: str | None = None, region: str = DEFAULT_REGION) -> str:
        """Add an image directly (no transition runs: it stays in ``state``); its ARN.

        ``applications`` are names or full ``Application`` dicts.
        """
        if not re.fullmatch(NAME_PATTERN, name):
            raise ControlError(f"image name {name!r} does not match {NAME_PATTERN}")
        _check(state, IMAGE_STATES, "state")
        _check(visibility, VISIBILITIES, "visibility")
        apps = [application(a, platform) if isinstance(a, str) else dict(a)
                for a in applications]
        with self._lock:
            store = self._region(region)
            if name in store.images:
                raise ControlError(f"image {name!r} already exists in {region}")
            # AWS-owned (public) images carry an empty account field in their ARN.
            image_arn = (arn(region, "image", name, account="") if visibility == "PUBLIC"
                         else arn(region, "image", name))
            image = Image(name=name, arn=image_arn, created=self._state.now(), state=state,
                          visibility=visibility, platform=platform, applications=apps,
                          description=description, display_name=name)
            store.images.add(name, (image.created, name), image)
            return image.arn

    def set_image_state(self, name: str, state: str, reason: str | None = None, *,
                        region: str = DEFAULT_REGION) -> None:
        """Force an image into ``state`` (e.g. FAILED), cancelling its pending transition."""
        _check(state, IMAGE_STATES, "state")
        with self._lock:
            image = self._region(region).images.get(name)
            if image is None:
                raise ControlError(f"no image {name!r} in {region}")
            image.state = state
            image.generation += 1
            image.state_reason = ({"Code": "INTERNAL_ERROR", "Message": reason}
                                  if reason is not None else None)

    def image_assistant_create_image(self, builder_name: str, image_name: str,
                                     description: str | None = None, *,
                                     region: str = DEFAULT_REGION) -> str:
        """What Image Assistant does inside a RUNNING builder; returns the new image's ARN.

        The builder goes SNAPSHOTTING and then STOPPED after ``builder_snapshot``; the image
        appears PENDING and becomes AVAILABLE after ``image_create``.
        """
        if not re.fullmatch(NAME_PATTERN, image_name):
            raise ControlError(f"image name {image_name!r} does not match {NAME_PATTERN}")
        with self._lock:
            store = self._region(region)
            builder = store.builders.get(builder_name)
            if builder is None:
                raise ControlError(f"no image builder {builder_name!r} in {region}")
            if builder.state != "RUNNING":
                raise ControlError(f"image builder {builder_name!r} is {builder.state}, "
                                   "not RUNNING")
            if image_name in store.images:
                raise ControlError(f"image {image_name!r} already exists in {region}")
            source = store.images.get(builder.image_name)
            image = Image(
                name=image_name, arn=arn(region, "image", image_name),
                created=self._state.now(), state="PENDING", visibility="PRIVATE",
                platform=source.platform if source else (builder.platform or "WINDOWS"),
                applications=[dict(a) for a in source.applications] if source else [],
                description=description, display_name=image_name, builder_name=builder_name,
                base_image_arn=(source.base_image_arn or source.arn) if source
                else builder.image_arn,
            )
            store.images.add(image_name, (image.created, image_name), image)
            lifecycle.snapshot_builder(self._state, store, builder, image)
            return image.arn

    def __repr__(self) -> str:
        return f"AwsCloud(regions={sorted(self._state.regions)}, clock={self._state.clock!r})"
