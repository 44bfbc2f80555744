"""What users of a stack may do and how they stream: :class:`StackSettings`.

One value type serves both ways: given in ``StackSpec(settings=...)`` and
``stacks.update(settings=...)``, and read back in ``Stack.settings``. Every field defaults to
None, meaning "not set" (on a spec: leave the cloud's default; on an update: leave as it is;
read back: the cloud did not say). A field one cloud cannot express raises
:class:`~streamkit.UnsupportedOperation` naming it there, never silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from streamkit.errors import ValidationError
from streamkit.validation import check_optional_bool, check_optional_int, check_str

__all__ = ["StackSettings", "StorageConnector"]

STORAGE_CONNECTOR_KINDS = ("HOMEFOLDERS", "GOOGLE_DRIVE", "ONE_DRIVE")
PREFERRED_PROTOCOLS = ("TCP", "UDP")
STREAMING_MODES = ("WEBRTC", "VIDEO", "MIX")
#: AppStream's EmbedHostDomain: a domain name of at most 128 characters
EMBED_DOMAIN_RE = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
                             r"[a-z0-9][a-z0-9-]{0,61}[a-z0-9]")
VPC_ENDPOINT_RE = re.compile(r"vpce-[0-9a-f]{8,17}")
MAX_EMBED_HOST_DOMAINS = 20
MAX_ACCESS_ENDPOINTS = 4
MAX_CONNECTOR_DOMAINS = 50


def _as_tuple(value: Any) -> Any:
    """Any iterable (not a string or mapping) read once into a tuple; None stays None."""
    if value is None or isinstance(value, (str, bytes, Mapping)) or not isinstance(value,
                                                                                  Iterable):
        return value
    return tuple(value)


def _strings(field: str, value: object, *, max_items: int, pattern: re.Pattern[str] | None,
             max_len: int, rule: str) -> None:
    if value is None:
        return
    if not isinstance(value, tuple):
        raise ValidationError(field, "must be a list of strings", value)
    if len(value) > max_items:
        raise ValidationError(field, f"must have at most {max_items} item(s)", len(value))
    for i, item in enumerate(value):
        check_str(f"{field}[{i}]", item, max_len=max_len)
        if pattern is not None and not pattern.fullmatch(item):
            raise ValidationError(f"{field}[{i}]", rule, item)


def _flag() -> Any:
    return attrs.field(default=None, validator=lambda _i, a, v: check_optional_bool(a.name, v))


@attrs.frozen(kw_only=True)
class StorageConnector:
    """Persistent storage users see in their sessions. AWS only (StorageConnectors).

    Args:
        kind: ``HOMEFOLDERS`` (home folders in S3), ``GOOGLE_DRIVE`` or ``ONE_DRIVE``.
        resource_identifier: The ARN of the storage (home folders: left out), 1-2048 chars.
        domains: The domains users of Google Drive or OneDrive sign in with; at most 50.
    """

    kind: str
    resource_identifier: str | None = None
    domains: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)

    def __attrs_post_init__(self) -> None:
        if self.kind not in STORAGE_CONNECTOR_KINDS:
            raise ValidationError("kind", f"must be one of {', '.join(STORAGE_CONNECTOR_KINDS)}",
                                  self.kind)
        if self.resource_identifier is not None:
            check_str("resource_identifier", self.resource_identifier, max_len=2048)
        _strings("domains", self.domains, max_items=MAX_CONNECTOR_DOMAINS, pattern=None,
                 max_len=64, rule="")


@attrs.frozen(kw_only=True, repr=False)
class StackSettings:
    """A stack's user settings and policies; None means "not set" (see the module).

    On an update, an empty tuple removes a list (AWS ``AttributesToDelete``).

    Args:
        clipboard_copy_from_local: Paste from the user's device into the session. AWS only.
        clipboard_copy_to_local: Copy from the session to the user's device. AWS only.
        file_upload: Upload files into the session. AWS only.
        file_download: Download files from the session. AWS only.
        printing: Print to the user's local printer. AWS only.
        domain_password_signin: Sign in to the domain with a password. AWS only.
        domain_smart_card_signin: Sign in to the domain with a smart card. AWS only.
        time_zone_redirection: The session follows the device's time zone. AWS only.
        storage_connectors: Home folders, Google Drive, OneDrive
            (:class:`StorageConnector`). AWS only.
        embed_host_domains: Domains that may embed the streaming page (at most 20). AWS only.
        access_endpoints: Interface VPC endpoint ids (``vpce-...``) users stream through
            (at most 4). AWS only.
        persistent_app_settings: Keep users' application settings between sessions. AWS:
            ApplicationSettings; Alibaba: user data roaming (StoragePolicy.UserProfile).
        app_settings_group: Where those settings live, shared by the stacks that name the
            same group (1-100 chars; needs ``persistent_app_settings=True``). AWS: the
            SettingsGroup; Alibaba: the roaming RemoteStoragePath (on create only).
        preferred_protocol: ``TCP`` or ``UDP``, the protocol sessions prefer. AWS only.
        reset_after_unbind: Reset a session's instance once its user is unbound. Alibaba
            only (SecurityPolicy.ResetAfterUnbind).
        skip_user_auth_check: Stream to users without checking they are authorized. Alibaba
            only (SecurityPolicy.SkipUserAuthCheck).
        frame_rate: Frames per second streamed, 1-240. Alibaba only, on create (VideoPolicy).
        resolution: ``(width, height)`` in pixels, each 1-8192: the session's resolution,
            or its largest with ``adaptive_resolution``. Alibaba only, on create.
        adaptive_resolution: The session follows the size of the user's window. Alibaba
            only, on create.
        streaming_mode: ``WEBRTC``, ``VIDEO`` or ``MIX`` (hybrid). Alibaba only, on create.
    """

    clipboard_copy_from_local: bool | None = _flag()
    clipboard_copy_to_local: bool | None = _flag()
    file_upload: bool | None = _flag()
    file_download: bool | None = _flag()
    printing: bool | None = _flag()
    domain_password_signin: bool | None = _flag()
    domain_smart_card_signin: bool | None = _flag()
    time_zone_redirection: bool | None = _flag()
    storage_connectors: tuple[StorageConnector, ...] | None = attrs.field(
        default=None, converter=_as_tuple)
    embed_host_domains: tuple[str, ...] | None = attrs.field(default=None, converter=_as_tuple)
    access_endpoints: tuple[str, ...] | None = attrs.field(default=None, converter=_as_tuple)
    persistent_app_settings: bool | None = _flag()
    app_settings_group: str | None = None
    preferred_protocol: str | None = None
    reset_after_unbind: bool | None = _flag()
    skip_user_auth_check: bool | None = _flag()
    frame_rate: int | None = attrs.field(
        default=None,
        validator=lambda _i, a, v: check_optional_int(a.name, v, minimum=1, maximum=240))
    resolution: tuple[int, int] | None = attrs.field(default=None, converter=_as_tuple)
    adaptive_resolution: bool | None = _flag()
    streaming_mode: str | None = None

    def __attrs_post_init__(self) -> None:
        connectors = self.storage_connectors
        if connectors is not None:
            if not isinstance(connectors, tuple) or not all(
                    isinstance(c, StorageConnector) for c in connectors):
                raise ValidationError("storage_connectors", "must be a list of "
                                      "StorageConnector", connectors)
            kinds = [c.kind for c in connectors]
            if len(set(kinds)) != len(kinds):
                raise ValidationError("storage_connectors", "must name each kind once", kinds)
        _strings("embed_host_domains", self.embed_host_domains,
                 max_items=MAX_EMBED_HOST_DOMAINS, pattern=EMBED_DOMAIN_RE, max_len=128,
                 rule="must be a lower-case domain name like 'example.com'")
        _strings("access_endpoints", self.access_endpoints, max_items=MAX_ACCESS_ENDPOINTS,
                 pattern=VPC_ENDPOINT_RE, max_len=32,
                 rule="must be an interface VPC endpoint id like 'vpce-0123abcd'")
        if self.app_settings_group is not None:
            check_str("app_settings_group", self.app_settings_group, max_len=100)
            if self.persistent_app_settings is not True:
                raise ValidationError("app_settings_group", "needs "
                                      "persistent_app_settings=True", self.app_settings_group)
        for field, allowed in (("preferred_protocol", PREFERRED_PROTOCOLS),
                               ("streaming_mode", STREAMING_MODES)):
            value = getattr(self, field)
            if value is not None and value not in allowed:
                raise ValidationError(field, f"must be one of {', '.join(allowed)}", value)
        if self.resolution is not None and not (
                isinstance(self.resolution, tuple) and len(self.resolution) == 2
                and all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 8192
                        for n in self.resolution)):
            raise ValidationError("resolution", "must be (width, height), each 1-8192 pixels",
                                  self.resolution)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.given())
        return f"StackSettings({shown})"

    def given(self) -> tuple[str, ...]:
        """The names of the fields that are set (not None), in declaration order."""
        return tuple(f.name for f in attrs.fields(StackSettings)
                     if getattr(self, f.name) is not None)
