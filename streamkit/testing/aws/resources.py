"""The simulated resources and how each renders as its AppStream response shape."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["ACCOUNT_ID", "DirectoryConfig", "Fleet", "Image", "ImageBuilder", "PendingFailure",
           "Session", "Stack", "User", "arn"]

ACCOUNT_ID = "123456789012"


def arn(region: str, kind: str, name: str, *, account: str = ACCOUNT_ID) -> str:
    """``arn:aws:appstream:<region>:<account>:<kind>/<name>`` (public images: empty account)."""
    return f"arn:aws:appstream:{region}:{account}:{kind}/{name}"


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    # AppStream leaves absent optional members out; null would be a different answer.
    if value is not None:
        out[key] = value


@attrs.define(eq=False)
class Stack:
    """A stack: user-facing settings; fleets attach to it through associations."""

    name: str
    arn: str
    created: float
    description: str | None = None
    display_name: str | None = None
    settings: dict[str, Any] = attrs.field(factory=dict)  # pass-through members, wire names
    tags: dict[str, str] = attrs.field(factory=dict)

    def render(self) -> dict[str, Any]:
        out: dict[str, Any] = {"Arn": self.arn, "Name": self.name, "CreatedTime": self.created,
                               "StackErrors": []}
        _put(out, "Description", self.description)
        _put(out, "DisplayName", self.display_name)
        out.update(self.settings)
        return out


@attrs.define
class PendingFailure:
    """An injected start failure, consumed by the fleet's current or next start."""

    errors: list[dict[str, str]]
    immediately: bool = False


@attrs.define(eq=False)
class Fleet:
    """A fleet and its state machine fields (see :mod:`streamkit.testing.aws.lifecycle`)."""

    name: str
    arn: str
    created: float
    instance_type: str
    fleet_type: str
    desired: int
    image_name: str | None = None
    image_arn: str | None = None
    platform: str | None = None
    desired_sessions: int | None = None
    state: str = "STOPPED"
    running: int = 0
    errors: list[dict[str, str]] = attrs.field(factory=list)
    pending_failure: PendingFailure | None = None
    # Bumped on every transition so timers scheduled for an older transition do nothing.
    generation: int = 0
    shown_state: str | None = None
    shown_until: float = 0.0
    active_sessions: int = 0
    settings: dict[str, Any] = attrs.field(factory=dict)  # pass-through members, wire names
    tags: dict[str, str] = attrs.field(factory=dict)

    def visible_state(self, now: float) -> str:
        """What DescribeFleets reports: the pre-transition state during the visibility lag."""
        if self.shown_state is not None and now < self.shown_until:
            return self.shown_state
        return self.state

    def render(self, now: float) -> dict[str, Any]:
        capacity: dict[str, Any] = {
            "Desired": self.desired, "Running": self.running, "InUse": self.active_sessions,
            "Available": max(self.running - self.active_sessions, 0),
        }
        if self.desired_sessions is not None:
            capacity["DesiredUserSessions"] = self.desired_sessions
            capacity["ActiveUserSessions"] = self.active_sessions
        out: dict[str, Any] = {
            "Arn": self.arn, "Name": self.name, "InstanceType": self.instance_type,
            "FleetType": self.fleet_type, "ComputeCapacityStatus": capacity,
            "State": self.visible_state(now), "CreatedTime": self.created,
            "FleetErrors": [dict(e) for e in self.errors],
        }
        _put(out, "ImageName", self.image_name)
        _put(out, "ImageArn", self.image_arn)
        _put(out, "Platform", self.platform)
        out.update(self.settings)
        return out


@attrs.define(eq=False)
class ImageBuilder:
    """An image builder: the instance customers use to capture new images."""

    name: str
    arn: str
    created: float
    instance_type: str
    image_name: str
    image_arn: str
    platform: str | None
    state: str = "PENDING"
    generation: int = 0
    state_reason: dict[str, str] | None = None
    settings: dict[str, Any] = attrs.field(factory=dict)
    tags: dict[str, str] = attrs.field(factory=dict)
    eni_suffix: int = 10

    def render(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "Name": self.name, "Arn": self.arn, "ImageArn": self.image_arn,
            "InstanceType": self.instance_type, "State": self.state,
            "CreatedTime": self.created, "ImageBuilderErrors": [],
            "LatestAppstreamAgentVersion": "TRUE",
        }
        _put(out, "Platform", self.platform)
        _put(out, "StateChangeReason", self.state_reason)
        if self.state in ("RUNNING", "SNAPSHOTTING"):
            out["NetworkAccessConfiguration"] = {
                "EniPrivateIpAddress": f"10.0.{self.eni_suffix // 250}.{self.eni_suffix % 250 + 4}",
                "EniId": f"eni-{self.eni_suffix:017x}",
            }
        out.setdefault("AppstreamAgentVersion", "LATEST")
        out.update(self.settings)
        return out


@attrs.define(eq=False)
class Image:
    """An image: AWS-owned public base images or private ones made by builders or copies."""

    name: str
    arn: str
    created: float
    state: str
    visibility: str
    platform: str
    applications: list[dict[str, Any]] = attrs.field(factory=list)
    description: str | None = None
    display_name: str | None = None
    builder_name: str | None = None
    base_image_arn: str | None = None
    released: float | None = None
    state_reason: dict[str, str] | None = None
    generation: int = 0
    tags: dict[str, str] = attrs.field(factory=dict)
    # account id -> {"allowFleet": ..., "allowImageBuilder": ...} (UpdateImagePermissions)
    shared_with: dict[str, dict[str, bool]] = attrs.field(factory=dict)
    # whether managed image updates have patches for it (CreateUpdatedImage's canUpdateImage)
    updates_available: bool = True
    updated_from: str | None = None  # the image CreateUpdatedImage patched into this one

    def render(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "Name": self.name, "Arn": self.arn, "State": self.state,
            "Visibility": self.visibility, "Platform": self.platform,
            "ImageBuilderSupported": True, "CreatedTime": self.created,
            "Applications": [dict(a) for a in self.applications],
            "AppstreamAgentVersion": "LATEST",
            "ImagePermissions": {"allowFleet": True, "allowImageBuilder": True},
            "ImageErrors": [],
            "ImageType": "NATIVE" if self.visibility == "PUBLIC" else "CUSTOM",
        }
        if self.visibility != "PUBLIC":
            out["ImageSharedWithOthers"] = "TRUE" if self.shared_with else "FALSE"
        _put(out, "DisplayName", self.display_name)
        _put(out, "Description", self.description)
        _put(out, "ImageBuilderName", self.builder_name)
        _put(out, "BaseImageArn", self.base_image_arn)
        _put(out, "PublicBaseImageReleasedDate", self.released)
        _put(out, "StateChangeReason", self.state_reason)
        return out


@attrs.define(eq=False)
class Session:
    """A user's streaming session on a (stack, fleet) pair."""

    id: str
    user_id: str
    stack: str
    fleet: str
    state: str
    connection_state: str
    start: float
    max_expiration: float
    authentication_type: str
    instance_id: str
    seq: int
    drain_status: str = "NOT_APPLICABLE"  # DRAINING once DrainSessionInstance named it

    @property
    def sort_key(self) -> tuple[float, str]:
        # Zero-padded so string order is numeric order: ties on start keep insertion order.
        return (self.start, f"{self.seq:012d}")

    def render(self) -> dict[str, Any]:
        return {
            "Id": self.id, "UserId": self.user_id, "StackName": self.stack,
            "FleetName": self.fleet, "State": self.state,
            "ConnectionState": self.connection_state, "StartTime": self.start,
            "MaxExpirationTime": self.max_expiration,
            "AuthenticationType": self.authentication_type, "InstanceId": self.instance_id,
            "InstanceDrainStatus": self.drain_status,
        }


@attrs.define(eq=False)
class User:
    """A user in the user pool (AuthenticationType USERPOOL), entitled to stacks by name."""

    name: str
    arn: str
    created: float
    first_name: str | None = None
    last_name: str | None = None
    enabled: bool = True
    # A new user signs in with the temporary password AppStream mails and must change it.
    status: str = "FORCE_CHANGE_PASSWORD"
    welcome_emails: int = 0  # CreateUser mails one unless SUPPRESS; each RESEND another

    def render(self) -> dict[str, Any]:
        out: dict[str, Any] = {"Arn": self.arn, "UserName": self.name, "Enabled": self.enabled,
                               "Status": self.status, "CreatedTime": self.created,
                               "AuthenticationType": "USERPOOL"}
        _put(out, "FirstName", self.first_name)
        _put(out, "LastName", self.last_name)
        return out


@attrs.define(eq=False)
class DirectoryConfig:
    """A directory config: how fleets and image builders join an Active Directory domain."""

    name: str
    created: float
    units: list[str]
    account_name: str | None = None
    # Kept to check the domain join; DescribeDirectoryConfigs never returns it.
    account_password: str | None = attrs.field(default=None, repr=False)
    certificate_auth: dict[str, Any] | None = None

    def render(self) -> dict[str, Any]:
        out: dict[str, Any] = {"DirectoryName": self.name, "CreatedTime": self.created,
                               "OrganizationalUnitDistinguishedNames": list(self.units)}
        if self.account_name is not None:
            out["ServiceAccountCredentials"] = {"AccountName": self.account_name}
        _put(out, "CertificateBasedAuthProperties", self.certificate_auth)
        return out
