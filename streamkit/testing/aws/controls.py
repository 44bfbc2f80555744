"""Test controls of the simulated AppStream: Python methods, and the same as HTTP routes.

What AppStream's public API cannot do (users opening sessions, Image Assistant, failures,
timings) is done here. The routes are ``POST /_streamkit/aws/<action>`` with a JSON payload;
each route's docstring says its payload and answer (the docs render them). Every payload may
carry ``"region"`` (default ``us-east-1``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from streamkit.testing.aws import lifecycle
from streamkit.testing.aws.protocol import NAME_PATTERN, model_enum
from streamkit.testing.aws.resources import Image, PendingFailure, Session, User, arn
from streamkit.testing.aws.seed import application
from streamkit.testing.aws.settings import AwsPageSizes, AwsTimings
from streamkit.testing.aws.state import AwsState, RegionState
from streamkit.testing.core.controls import Payload, evolve_settings
from streamkit.testing.core.server import ControlError
from streamkit.testing.core.service import Service, control

__all__ = ["DEFAULT_REGION", "AwsControls"]

DEFAULT_REGION = "us-east-1"


def _check(value: str, allowed: Sequence[str], what: str) -> str:
    if value not in allowed:
        raise ControlError(f"{what} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _region(payload: Payload) -> str:
    return payload.region(DEFAULT_REGION)


def _session_fields(payload: Payload) -> dict[str, str]:
    return {"state": payload.text("state", "ACTIVE"),
            "connection_state": payload.text("connection_state", "CONNECTED"),
            "authentication_type": payload.text("authentication_type", "API"),
            "region": _region(payload)}


class AwsControls(Service[AwsState]):
    """The test controls :class:`~streamkit.testing.aws.AwsCloud` offers; they raise
    :class:`ControlError` for bad arguments."""

    @property
    def timings(self) -> AwsTimings:
        """Current transition durations; assign a new :class:`AwsTimings` to change them."""
        return self.state.timings

    @timings.setter
    def timings(self, value: AwsTimings) -> None:
        with self.lock:
            self.state.timings = value

    @property
    def page_sizes(self) -> AwsPageSizes:
        """Current server page sizes; assign a new :class:`AwsPageSizes` to change them."""
        return self.state.page_sizes

    @page_sizes.setter
    def page_sizes(self, value: AwsPageSizes) -> None:
        with self.lock:
            self.state.page_sizes = value

    def _store(self, region: str) -> RegionState:
        self.catch_up()
        return self.state.region(region)

    def fail_fleet(self, name: str, errors: Sequence[tuple[str, str]], *,
                   immediately: bool = False, region: str = DEFAULT_REGION) -> None:
        """Make the fleet's current (STARTING) or next start end in STOPPED with FleetErrors.

        ``errors`` are ``(ErrorCode, ErrorMessage)`` pairs. A STARTING fleet fails when it
        would have become RUNNING, or at once with ``immediately``; otherwise the next
        StartFleet fails that way (with ``immediately``: inside the StartFleet call).
        """
        if not errors:
            raise ControlError("fail_fleet needs at least one (code, message) error")
        with self.lock:
            state = self._store(region)
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
        _check(state, model_enum("SessionState"), "state")
        _check(connection_state, model_enum("SessionConnectionState"), "connection_state")
        _check(authentication_type, model_enum("AuthenticationType"), "authentication_type")
        if not all(users):
            raise ControlError("user ids must not be empty")
        with self.lock:
            store = self._store(region)
            if stack_name not in store.stacks:
                raise ControlError(f"no stack {stack_name!r} in {region}")
            fleet = store.fleets.get(fleet_name)
            if fleet is None:
                raise ControlError(f"no fleet {fleet_name!r} in {region}")
            if not store.associated(stack_name, fleet_name):
                raise ControlError(f"fleet {fleet_name!r} is not associated with stack "
                                   f"{stack_name!r}")
            now = self.state.now()
            duration = float(fleet.settings.get("MaxUserDurationInSeconds", 57600))
            ids: list[str] = []
            for user in users:
                seq = self.state.next_seq()
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
        _check(state, model_enum("ImageState"), "state")
        _check(visibility, model_enum("VisibilityType"), "visibility")
        apps = [application(a, platform) if isinstance(a, str) else dict(a)
                for a in applications]
        with self.lock:
            store = self._store(region)
            if name in store.images:
                raise ControlError(f"image {name!r} already exists in {region}")
            # AWS-owned (public) images carry an empty account field in their ARN.
            image_arn = (arn(region, "image", name, account="") if visibility == "PUBLIC"
                         else arn(region, "image", name))
            image = Image(name=name, arn=image_arn, created=self.state.now(), state=state,
                          visibility=visibility, platform=platform, applications=apps,
                          description=description, display_name=name)
            store.images.add(name, (image.created, name), image)
            return image.arn

    def set_image_state(self, name: str, state: str, reason: str | None = None, *,
                        region: str = DEFAULT_REGION) -> None:
        """Force an image into ``state`` (e.g. FAILED), cancelling its pending transition."""
        _check(state, model_enum("ImageState"), "state")
        with self.lock:
            image = self._store(region).images.get(name)
            if image is None:
                raise ControlError(f"no image {name!r} in {region}")
            image.state = state
            image.generation += 1
            image.state_reason = ({"Code": "INTERNAL_ERROR", "Message": reason}
                                  if reason is not None else None)

    def fail_builder(self, name: str, code: str = "INTERNAL_ERROR",
                     message: str = "The image builder failed.", *,
                     region: str = DEFAULT_REGION) -> None:
        """Put an image builder in FAILED with this StateChangeReason (``code`` from the
        model's ImageBuilderStateChangeReasonCode), cancelling its pending transition."""
        _check(code, model_enum("ImageBuilderStateChangeReasonCode"), "code")
        with self.lock:
            builder = self._store(region).builders.get(name)
            if builder is None:
                raise ControlError(f"no image builder {name!r} in {region}")
            builder.state = "FAILED"
            builder.generation += 1
            builder.state_reason = {"Code": code, "Message": message}

    def add_user(self, user_name: str, *, first_name: str | None = None,
                 last_name: str | None = None, region: str = DEFAULT_REGION) -> str:
        """Put a user in the user pool, as CreateUser does; returns the user's ARN.

        Only pool users can be entitled to stacks (BatchAssociateUserStack).
        """
        if not 1 <= len(user_name) <= 128:
            raise ControlError("user_name must hold 1 to 128 characters")
        with self.lock:
            store = self._store(region)
            if user_name in store.users:
                raise ControlError(f"user {user_name!r} already exists in {region}")
            user = User(name=user_name, arn=arn(region, "user/userpool", user_name),
                        created=self.state.now(), first_name=first_name, last_name=last_name)
            store.users.add(user_name, (user.created, user_name), user)
            return user.arn

    def welcome_emails(self, user_name: str, *, region: str = DEFAULT_REGION) -> int:
        """The welcome emails AppStream mailed the pool user: one on CreateUser unless its
        MessageAction is SUPPRESS, one more per RESEND."""
        with self.lock:
            user = self._store(region).users.get(user_name)
            if user is None:
                raise ControlError(f"no user {user_name!r} in the user pool of {region}")
            return user.welcome_emails

    def image_assistant_create_image(self, builder_name: str, image_name: str,
                                     description: str | None = None, *,
                                     region: str = DEFAULT_REGION) -> str:
        """What Image Assistant does inside a RUNNING builder; returns the new image's ARN.

        The builder goes SNAPSHOTTING and then STOPPED after ``builder_snapshot``; the image
        appears PENDING and becomes AVAILABLE after ``image_create``.
        """
        if not re.fullmatch(NAME_PATTERN, image_name):
            raise ControlError(f"image name {image_name!r} does not match {NAME_PATTERN}")
        with self.lock:
            store = self._store(region)
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
                created=self.state.now(), state="PENDING", visibility="PRIVATE",
                platform=source.platform if source else (builder.platform or "WINDOWS"),
                applications=[dict(a) for a in source.applications] if source else [],
                description=description, display_name=image_name, builder_name=builder_name,
                base_image_arn=(source.base_image_arn or source.arn) if source
                else builder.image_arn,
            )
            store.images.add(image_name, (image.created, image_name), image)
            lifecycle.snapshot_builder(self.state, store, builder, image)
            return image.arn

    # -- the same over HTTP -------------------------------------------------------------

    @control("fail-fleet")
    def _fail_fleet_route(self, payload: Payload) -> dict[str, Any]:
        """``{"name", "errors": [{"code", "message"}], "immediately"?}``"""
        errors = [(item.text("code"), item.text("message")) for item in payload.objects("errors")]
        immediately = payload.flag("immediately")
        name = payload.text("name")
        self.fail_fleet(name, errors, immediately=immediately, region=_region(payload))
        return {"name": name, "errors": len(errors), "immediately": immediately}

    @control("add-session")
    def _add_session_route(self, payload: Payload) -> dict[str, Any]:
        """``{"stack", "fleet", "user_id", "state"?, "connection_state"?,
        "authentication_type"?}`` -> ``{"session_id"}``"""
        session_id = self.add_session(payload.text("stack"), payload.text("fleet"),
                                      payload.text("user_id"), **_session_fields(payload))
        return {"session_id": session_id}

    @control("add-sessions")
    def _add_sessions_route(self, payload: Payload) -> dict[str, Any]:
        """``{"stack", "fleet", "count", "user_id_prefix"?, ...}`` -> ``{"session_ids": [...]}``"""
        count = payload.integer("count", minimum=0)
        if count is None:
            raise ControlError("'count' must be a whole number >= 0")
        ids = self.add_sessions(payload.text("stack"), payload.text("fleet"), count,
                                user_id_prefix=payload.text("user_id_prefix", "user"),
                                **_session_fields(payload))
        return {"session_ids": ids}

    @control("add-image")
    def _add_image_route(self, payload: Payload) -> dict[str, Any]:
        """``{"name", "platform"?, "state"?, "visibility"?, "applications"?,
        "description"?}`` -> ``{"name", "arn"}``"""
        apps = payload.data.get("applications", [])
        if not isinstance(apps, list) or not all(isinstance(a, (str, dict)) for a in apps):
            raise ControlError("'applications' must be a list of names or Application objects")
        name = payload.text("name")
        image_arn = self.add_image(
            name, platform=payload.text("platform", "WINDOWS_SERVER_2019"),
            state=payload.text("state", "AVAILABLE"),
            visibility=payload.text("visibility", "PRIVATE"), applications=apps,
            description=payload.optional_text("description"), region=_region(payload))
        return {"name": name, "arn": image_arn}

    @control("set-image-state")
    def _set_image_state_route(self, payload: Payload) -> dict[str, Any]:
        """``{"name", "state", "reason"?}``"""
        name, state = payload.text("name"), payload.text("state")
        self.set_image_state(name, state, payload.optional_text("reason"),
                             region=_region(payload))
        return {"name": name, "state": state}

    @control("fail-builder")
    def _fail_builder_route(self, payload: Payload) -> dict[str, Any]:
        """``{"name", "code"?, "message"?}``"""
        name = payload.text("name")
        self.fail_builder(name, payload.text("code", "INTERNAL_ERROR"),
                          payload.text("message", "The image builder failed."),
                          region=_region(payload))
        return {"name": name, "state": "FAILED"}

    @control("image-assistant-create-image")
    def _image_assistant_route(self, payload: Payload) -> dict[str, Any]:
        """``{"builder", "image_name", "description"?}`` -> ``{"arn"}``"""
        image_name = payload.text("image_name")
        image_arn = self.image_assistant_create_image(
            payload.text("builder"), image_name,
            payload.optional_text("description"), region=_region(payload))
        return {"image_name": image_name, "arn": image_arn}

    @control("add-user")
    def _add_user_route(self, payload: Payload) -> dict[str, Any]:
        """``{"user_name", "first_name"?, "last_name"?}`` -> ``{"arn"}``"""
        return {"arn": self.add_user(payload.text("user_name"),
                                     first_name=payload.optional_text("first_name"),
                                     last_name=payload.optional_text("last_name"),
                                     region=_region(payload))}

    @control("timings")
    def _timings_route(self, payload: Payload) -> dict[str, Any]:
        """``{field: seconds, ...}`` -> all timings"""
        self.timings = evolve_settings(self.timings, payload.data)
        return attrs.asdict(self.timings)

    @control("page-sizes")
    def _page_sizes_route(self, payload: Payload) -> dict[str, Any]:
        """``{field: size, ...}`` -> all page sizes"""
        self.page_sizes = evolve_settings(self.page_sizes, payload.data)
        return attrs.asdict(self.page_sizes)
