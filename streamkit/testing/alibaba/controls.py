"""Test controls of the simulated App Streaming: Python methods, and the same as HTTP routes.

What the public API cannot do (failures, seeded sessions and images, timings, faults) is done
here. The routes are ``POST /_streamkit/alibaba/<action>`` with a JSON payload; each route's
docstring says its payload and answer (the docs render them).
"""

from __future__ import annotations

from typing import Any, Final

import attrs

from streamkit.testing.alibaba.catalog import DEFAULT_REGION, REGIONS, stable_id
from streamkit.testing.alibaba.operations.ota import OTA_TYPES
from streamkit.testing.alibaba.settings import AlibabaTimings
from streamkit.testing.alibaba.state import (
    AlibabaState,
    AppInstance,
    BrowserGroup,
    Failure,
    GroupStatus,
    Image,
    OtaTask,
    PersistentSession,
    UserGroup,
    new_id,
)
from streamkit.testing.core.controls import Payload, evolve_settings
from streamkit.testing.core.faults import Faults
from streamkit.testing.core.server import ControlError
from streamkit.testing.core.service import Service, control

__all__ = ["AlibabaControls"]

INSTANCE_STATUSES: Final = ("INIT", "STARTING", "RUNNING", "IDLE", "BOUND", "CLOSING", "CLOSED",
                            "UNAVAILABLE")
IMAGE_STATUSES: Final = ("AVAILABLE", "INIT", "CREATING", "CREATE_FAILED")
_TRANSIENT_STATUSES: Final = frozenset({GroupStatus.DEPLOYING, GroupStatus.MAINTAINING})
#: the statuses a group reaches by what the API does not do (the console delists it, the
#: subscription lapses, billing suspends it): the SDK's and the reference's documented values
SET_STATUSES: Final = ("DEPLOYED", "PUBLISHED", "STOPPING", "STOPPED", "FAILED",
                       "MAINTAIN_FAILED", "EXPIRED", "CEASED", "EXPIRED_RECYCLING",
                       "UNAVAILABLE")
RESOURCE_STATUSES: Final = ("AVAILABLE", "RELEASED", "EXPIRED_IN_7_DAYS", "UNAVAILABLE",
                            "UPGRADING", "CREATING")


def _session_status(payload: Payload) -> str | None:
    value = payload.data.get("session_status", "connect")
    if value is not None and not isinstance(value, str):
        raise ControlError("'session_status' must be a string or null")
    return value


class AlibabaControls(Service[AlibabaState]):
    """The test controls :class:`~streamkit.testing.alibaba.AlibabaCloud` offers; they raise
    :class:`ControlError` for bad arguments."""

    #: the emulator's fault rules (shared with the server that applies them)
    faults: Faults

    @property
    def timings(self) -> AlibabaTimings:
        """The timings steps started from now on will take."""
        return self.state.timings

    def set_timings(self, **seconds: float) -> dict[str, float]:
        """Change some timings (``group_deploy=10``, ...); returns all of them."""
        with self.lock:
            self.state.timings = evolve_settings(self.state.timings, seconds)
            return attrs.asdict(self.state.timings)

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
        with self.lock:
            now = self.catch_up()
            group = self.state.groups.get(group_id)
            if group is None:
                raise ControlError(f"no delivery group {group_id!r}")
            failure = Failure(code, message)
            if group.transition is not None and group.status in _TRANSIENT_STATUSES:
                group.transition.failure = failure
                if immediately:
                    group.transition.due = now
                    self.state.reschedule(group, group.transition)
                    self.catch_up()
            elif group.status in (GroupStatus.PUBLISHED, GroupStatus.MAINTAIN_FAILED):
                group.armed_failure, group.armed_immediately = failure, immediately
            else:
                raise ControlError(f"delivery group {group_id} is {group.status}; it has "
                                   "no deploy or maintenance left to fail")

    def fail_workstation(self, server_id: str, code: str = "InternalError",
                         message: str = "The workstation could not be started.", *,
                         immediately: bool = False) -> None:
        """Make the workstation's create or start end ``FAILED`` (a STOPPED one: its next
        start), when that step would have completed (at once with ``immediately``)."""
        with self.lock:
            now = self.catch_up()
            server = self.state.workstations.servers.get(server_id)
            if server is None:
                raise ControlError(f"no workstation {server_id!r}")
            step = server.step
            if step is not None and step.then == "RUNNING" and server.status != "RESTARTING":
                server.armed_failure = (code, message)
                if immediately:
                    self.state.workstations.begin(server, server.status, step.then, now)
                    self.catch_up()
            elif server.status == "STOPPED":
                server.armed_failure = (code, message)
            else:
                raise ControlError(f"workstation {server_id} is {server.status}; it has no "
                                   "create or start left to fail")

    def set_group_status(self, group_id: str, status: str,
                         resource_status: str = "AVAILABLE") -> None:
        """Put a settled group in ``status`` with ``resource_status``, as the console, an
        expired subscription or billing would (one of :data:`SET_STATUSES`)."""
        if status not in SET_STATUSES:
            raise ControlError(f"status must be one of {', '.join(SET_STATUSES)}")
        if resource_status not in RESOURCE_STATUSES:
            raise ControlError(f"resource_status must be one of {', '.join(RESOURCE_STATUSES)}")
        with self.lock:
            now = self.catch_up()
            group = self.state.groups.get(group_id)
            if group is None:
                raise ControlError(f"no delivery group {group_id!r}")
            if group.transition is not None:
                raise ControlError(f"delivery group {group_id} is {group.status}; wait until "
                                   "it settles")
            group.status, group.resource_status, group.modified = status, resource_status, now

    def describe_group(self, group_id: str) -> dict[str, Any]:
        """Status, resource status, and the last failure reason (``None`` when none)."""
        with self.lock:
            self.catch_up()
            group = self.state.groups.get(group_id)
            if group is None:
                raise ControlError(f"no delivery group {group_id!r}")
            pending = group.transition
            return {
                "group_id": group.group_id,
                "status": group.status,
                "resource_status": group.resource_status,
                "image_id": group.image_id,
                "failure": group.failure.as_dict() if group.failure else None,
                "policies": {name: dict(fields) for name, fields in group.policies.items()},
                "pending": None if pending is None else {"kind": pending.kind,
                                                         "due": pending.due},
            }

    def add_browser_group(self, name: str, *, region: str = DEFAULT_REGION) -> str:
        """Add a cloud browser (a browser instance group); returns its ``big-`` id."""
        if region not in REGIONS:
            raise ControlError(f"unknown region {region!r}; known: {list(REGIONS)}")
        with self.lock:
            now = self.catch_up()
            browser = BrowserGroup(group_id=new_id("big", 17), name=name, region=region,
                                   created=now)
            self.state.browsers[browser.group_id] = browser
            return browser.group_id

    def publish_ota(self, group_id: str, version: str, *, ota_type: str = "Fota",
                    release_note: str = "") -> str:
        """Offer the group an over-the-air update (STANDBY until approved); returns its
        ``ota-`` task id."""
        if ota_type not in OTA_TYPES:
            raise ControlError(f"ota_type must be one of {', '.join(OTA_TYPES)}")
        with self.lock:
            now = self.catch_up()
            group = self.state.groups.get(group_id)
            if group is None:
                raise ControlError(f"no delivery group {group_id!r}")
            task = OtaTask(task_id=new_id("ota", 14), ota_type=ota_type, version=version,
                           release_note=release_note, published=now)
            group.ota_tasks.append(task)
            return task.task_id

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
        with self.lock:
            instance, now = self._new_instance(group_id)
            image = self.state.images.get(self.state.group(group_id).image_id)
            if app_id is None and image is not None and image.apps:
                app_id = image.apps[0][0]
            self.state.bind(instance, user_id, app_id, now, status=status,
                             session_status=session_status)
            return instance.instance_id

    def add_app_instance(self, group_id: str, *, status: str = "INIT") -> str:
        """Seed an app instance no user is bound to (``INIT``: one stuck initializing,
        ``IDLE``, or ``UNAVAILABLE``: a broken one); returns its AppInstanceId."""
        if status not in ("INIT", "IDLE", "UNAVAILABLE"):
            raise ControlError("status must be INIT, IDLE or UNAVAILABLE")
        with self.lock:
            instance, _ = self._new_instance(group_id)
            instance.status = status
            return instance.instance_id

    def _new_instance(self, group_id: str) -> tuple[AppInstance, float]:
        """A fresh app instance of a group that is not being deleted, and the time."""
        now = self.catch_up()
        group = self.state.groups.get(group_id)
        if group is None or group.status == GroupStatus.DELETING:
            raise ControlError(f"no delivery group {group_id!r}")
        return self.state.new_instance(group, now), now

    def add_persistent_session(self, group_id: str, user_ids: list[str] | tuple[str, ...], *,
                               name: str = "", bound: bool = True) -> str:
        """Seed a persistent session authorized for ``user_ids``; its app instance is bound to
        the first (``bound``) or idle. Returns its id (``p-...``)."""
        if not user_ids:
            raise ControlError("user_ids must name at least one user")
        with self.lock:
            instance, now = self._new_instance(group_id)
            if bound:
                self.state.bind(instance, user_ids[0], None, now, status="RUNNING",
                                session_status="connect")
            session = PersistentSession(
                persistent_id=new_id("p"), name=name or f"persistent-{user_ids[0]}",
                group_id=group_id, instance_id=instance.instance_id, created=now,
                sequence=self.state.next_sequence(), authorized_users=list(user_ids))
            self.state.persistent[session.persistent_id] = session
            return session.persistent_id

    def add_user_group(self, name: str, members: list[str] | tuple[str, ...] = ()) -> str:
        """Seed a user group of the account (the directory the API does not manage) with
        its ``members``; returns its id (``ug-...``)."""
        with self.lock:
            group = UserGroup(group_id=new_id("ug"), name=name, members=list(members))
            self.state.user_groups[group.group_id] = group
            return group.group_id

    def add_sessions(self, group_id: str, count: int, *, user_id_prefix: str = "user",
                     status: str = "BOUND", session_status: str | None = "connect") -> list[str]:
        """Seed ``count`` sessions for users ``<prefix>1`` .. ``<prefix><count>``; their ids."""
        if count < 0:
            raise ControlError("count must be >= 0")
        with self.lock:
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
        with self.lock:
            now = self.catch_up()
            image = Image(
                image_id=new_id("img"), name=name, image_type=image_type, status=status,
                created=now, modified=now, sequence=self.state.next_sequence(),
                os_type=os_type, platform_name=platform_name, regions=chosen,
                apps=[(stable_id("ca", f"app/{app}"), app) for app in (apps or ["Notepad"])],
                create_mode="BY_SNAPSHOT_ID",
                ready_at=(now + (self.state.timings.image_create if ready_in is None else ready_in)
                          if status == "CREATING" else None),
            )
            self.state.add_image(image)
            self.catch_up()
            return image.image_id

    def fail_image(self, image_id: str, code: str = "InternalError",
                   message: str = "The image could not be created.") -> None:
        """Make a CREATING image end ``CREATE_FAILED``."""
        with self.lock:
            self.catch_up()
            image = self.state.images.get(image_id)
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
        with self.lock:
            self.catch_up()
            self.state.ticket_failure = None if code is None else Failure(code, message)

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

    # -- the same over HTTP -------------------------------------------------------------

    @control("fail-group")
    def _fail_group_route(self, payload: Payload) -> dict[str, Any]:
        """``{"group_id", "code"?, "message"?, "immediately"?}`` -> describe-group"""
        group_id = payload.text("group_id")
        self.fail_group(group_id, payload.text("code", "InternalError"),
                        payload.text("message", "The delivery group could not be deployed."),
                        immediately=payload.flag("immediately"))
        return self.describe_group(group_id)

    @control("fail-workstation")
    def _fail_workstation_route(self, payload: Payload) -> dict[str, Any]:
        """``{"workstation_id", "code"?, "message"?, "immediately"?}`` -> ``{"status"}``"""
        server_id = payload.text("workstation_id")
        self.fail_workstation(server_id, payload.text("code", "InternalError"),
                              payload.text("message", "The workstation could not be started."),
                              immediately=payload.flag("immediately"))
        return {"status": self.state.workstations.get(server_id).status}

    @control("set-group-status")
    def _set_group_status_route(self, payload: Payload) -> dict[str, Any]:
        """``{"group_id", "status", "resource_status"?}`` -> describe-group"""
        group_id = payload.text("group_id")
        self.set_group_status(group_id, payload.text("status"),
                              payload.text("resource_status", "AVAILABLE"))
        return self.describe_group(group_id)

    @control("describe-group")
    def _describe_group_route(self, payload: Payload) -> dict[str, Any]:
        """``{"group_id"}`` -> ``{"group_id", "status", "resource_status", "image_id",
        "failure": {"code", "message"} | null, "pending"}``"""
        return self.describe_group(payload.text("group_id"))

    @control("add-session")
    def _add_session_route(self, payload: Payload) -> dict[str, Any]:
        """``{"group_id", "user_id", "status"?, "session_status"?, "app_id"?}``
        -> ``{"app_instance_id"}``"""
        instance_id = self.add_session(
            payload.text("group_id"), payload.text("user_id"),
            status=payload.text("status", "BOUND"),
            session_status=_session_status(payload),
            app_id=payload.optional_text("app_id"))
        return {"app_instance_id": instance_id}

    @control("add-app-instance")
    def _add_app_instance_route(self, payload: Payload) -> dict[str, Any]:
        """``{"group_id", "status"?}`` -> ``{"app_instance_id"}``"""
        return {"app_instance_id": self.add_app_instance(
            payload.text("group_id"), status=payload.text("status", "INIT"))}

    @control("add-persistent-session")
    def _add_persistent_session_route(self, payload: Payload) -> dict[str, Any]:
        """``{"group_id", "user_ids": [...], "name"?, "bound"?}`` -> ``{"persistent_id"}``"""
        users = payload.data.get("user_ids")
        if not isinstance(users, list) or not all(isinstance(u, str) for u in users):
            raise ControlError("'user_ids' must be a list of user ids")
        return {"persistent_id": self.add_persistent_session(
            payload.text("group_id"), users, name=payload.data.get("name") or "",
            bound=payload.data.get("bound", True) is not False)}

    @control("add-user-group")
    def _add_user_group_route(self, payload: Payload) -> dict[str, Any]:
        """``{"name", "members"?: [user ids]}`` -> ``{"group_id"}``"""
        members = payload.data.get("members", [])
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise ControlError("'members' must be a list of user ids")
        return {"group_id": self.add_user_group(payload.text("name"), members)}

    @control("add-sessions")
    def _add_sessions_route(self, payload: Payload) -> dict[str, Any]:
        """``{"group_id", "count", "user_id_prefix"?, "status"?, "session_status"?}``
        -> ``{"app_instance_ids": [...]}``"""
        count = payload.integer("count")
        if count is None:
            raise ControlError("'count' must be an integer")
        ids = self.add_sessions(
            payload.text("group_id"), count,
            user_id_prefix=payload.text("user_id_prefix", "user"),
            status=payload.text("status", "BOUND"),
            session_status=_session_status(payload))
        return {"app_instance_ids": ids}

    @control("add-browser-group")
    def _add_browser_group_route(self, payload: Payload) -> dict[str, Any]:
        """``{"name", "region"?}`` -> ``{"browser_id"}``"""
        return {"browser_id": self.add_browser_group(
            payload.text("name"), region=payload.text("region", DEFAULT_REGION))}

    @control("publish-ota")
    def _publish_ota_route(self, payload: Payload) -> dict[str, Any]:
        """``{"group_id", "version", "ota_type"?, "release_note"?}`` -> ``{"task_id"}``"""
        return {"task_id": self.publish_ota(
            payload.text("group_id"), payload.text("version"),
            ota_type=payload.text("ota_type", "Fota"),
            release_note=payload.text("release_note", ""))}

    @control("add-image")
    def _add_image_route(self, payload: Payload) -> dict[str, Any]:
        """``{"name", "status"?, "image_type"?, "regions"?, "apps"?, "platform_name"?,
        "os_type"?, "ready_in"?}`` -> ``{"image_id"}``"""
        image_id = self.add_image(
            payload.text("name"), status=payload.text("status", "AVAILABLE"),
            image_type=payload.text("image_type", "User"),
            regions=payload.strings("regions"), apps=payload.strings("apps"),
            platform_name=payload.text("platform_name", "Windows Server 2019"),
            os_type=payload.text("os_type", "Windows"),
            ready_in=payload.seconds("ready_in"))
        return {"image_id": image_id}

    @control("fail-image")
    def _fail_image_route(self, payload: Payload) -> dict[str, Any]:
        """``{"image_id", "code"?, "message"?}`` -> ``{"image_id"}``"""
        image_id = payload.text("image_id")
        self.fail_image(image_id, payload.text("code", "InternalError"),
                        payload.text("message", "The image could not be created."))
        return {"image_id": image_id}

    @control("fail-tickets")
    def _fail_tickets_route(self, payload: Payload) -> dict[str, Any]:
        """``{"code"?: str | null, "message"?}`` -> ``{"code"}`` (null stops failing)"""
        code = payload.data.get("code", "TryRegionBind.TicketIsNull")
        if code is not None and (not isinstance(code, str) or not code):
            raise ControlError("'code' must be a non-empty string, or null to stop failing")
        self.fail_ticket_tasks(code, payload.text("message", "The app could not be started."))
        return {"code": code}

    @control("inject-fault")
    def _inject_fault_route(self, payload: Payload) -> dict[str, Any]:
        """``{"code"?, "status"?, "action"?, "count"?, "message"?, "retry_after_ms"?,
        "drop_connection"?}`` -> ``{"injected": true, "pending"}``"""
        status = payload.integer("status", 400)
        if status is None:
            raise ControlError("'status' must be an integer HTTP status")
        pending = self.inject_fault(
            payload.text("code", "Throttling.User"), status=status,
            action=payload.optional_text("action"),
            count=payload.integer("count", 1),
            message=payload.optional_text("message"),
            retry_after_ms=payload.integer("retry_after_ms"),
            drop_connection=payload.flag("drop_connection"))
        return {"injected": True, "pending": pending}

    @control("clear-faults")
    def _clear_faults_route(self, payload: Payload) -> dict[str, Any]:
        """``{}`` -> ``{"cleared": n}``"""
        return {"cleared": self.clear_faults()}

    @control("timings")
    def _timings_route(self, payload: Payload) -> dict[str, Any]:
        """``{field: seconds, ...}`` -> every timing"""
        return dict(self.set_timings(**payload.data))
