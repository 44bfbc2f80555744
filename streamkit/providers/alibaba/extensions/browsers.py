"""``cloud.alibaba.browsers``: cloud browsers (browser instance groups): read one and change
its name, home page, bookmarks, clipboard, frame rate, watermark, session timeout and the
domains it may open (GetBrowserInstanceGroup, ModifyBrowserInstanceGroup)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Literal

import attrs

from streamkit.errors import ValidationError
from streamkit.extensions import ExtensionContext
from streamkit.operations import Operation
from streamkit.providers.alibaba.translate import nothing, parse_time
from streamkit.retry import CallKind
from streamkit.validation import (
    check_bool,
    check_id,
    check_int,
    check_optional_int,
    check_str,
)

__all__ = ["OPERATIONS", "AllowedDomain", "Bookmark", "BrowserGroup", "Browsers"]

Clipboard = Literal["read", "readwrite", "write", "off"]
CLIPBOARD: tuple[str, ...] = ("read", "readwrite", "write", "off")
GROUP_ID_PREFIX = "big-"


@attrs.frozen(kw_only=True)
class Bookmark:
    """A bookmark of a cloud browser; ``id`` is the cloud's (None for a new one)."""

    name: str
    url: str
    folder: str | None = None
    id: str | None = None


@attrs.frozen(kw_only=True)
class AllowedDomain:
    """A domain the browser may open (its allow list); ``id`` is the cloud's."""

    url: str
    id: str | None = None


@attrs.frozen(kw_only=True)
class BrowserGroup:
    """A cloud browser (a browser instance group).

    ``status`` is the cloud's own string; ``clipboard`` one of ``read``, ``readwrite``,
    ``write``, ``off``; ``session_timeout_minutes`` how long a disconnected session is kept.
    """

    id: str
    name: str | None = None
    region: str | None = None
    status: str | None = None
    homepage: str | None = None
    bookmarks: tuple[Bookmark, ...] = ()
    clipboard: str | None = None
    frame_rate: int | None = None
    watermark: bool | None = None
    session_timeout_minutes: int | None = None
    allowed_domains: tuple[AllowedDomain, ...] = ()
    created_at: datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)


def _text(d: Mapping[str, Any], key: str) -> str | None:
    value = d.get(key)
    return value if isinstance(value, str) and value else None


def _int(d: Mapping[str, Any], key: str) -> int | None:
    value = d.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def group(body: Mapping[str, Any], _region: str) -> BrowserGroup:
    """GetBrowserInstanceGroup's answer as a :class:`BrowserGroup`."""
    d = body["BrowserInstanceGroupModel"]
    config = d.get("BrowserConfig") or {}
    policy = d.get("Policy") or {}
    switch = _text(policy.get("WatermarkPolicy") or {}, "WatermarkSwitch")
    timeout = next((_int(t, "Interval") for t in d.get("Timers") or ()
                    if t.get("TimerType") == "SESSION_TIMEOUT"), None)
    return BrowserGroup(
        id=str(d["BrowserInstanceGroupId"]), name=_text(d, "BrowserInstanceGroupName"),
        region=_text(d, "BizRegionId"), status=_text(d, "Status"),
        homepage=_text(config, "Homepage"),
        bookmarks=tuple(Bookmark(name=str(b.get("BookmarkName")), url=str(b.get("BookmarkURL")),
                                 folder=_text(b, "BookmarkFolder"), id=_text(b, "BookmarkId"))
                        for b in config.get("Bookmarks") or ()),
        clipboard=_text(policy.get("ClipboardPolicy") or {}, "Clipboard"),
        frame_rate=_int(policy.get("VideoPolicy") or {}, "FrameRate"),
        watermark=None if switch is None else switch == "on",
        session_timeout_minutes=timeout,
        allowed_domains=tuple(AllowedDomain(url=str(u.get("URL")), id=_text(u, "RestrictedURLId"))
                              for u in (d.get("Network") or {}).get("RestrictedURLs") or ()),
        created_at=parse_time(d.get("GmtCreate")), raw=d)


def get_request(group_id: str) -> dict[str, Any]:
    return {"BrowserInstanceGroupId": group_id}


def modify_request(group_id: str, changes: Mapping[str, Any]) -> dict[str, Any]:
    return {"BrowserInstanceGroupId": group_id, **changes}


_GET: Operation[BrowserGroup] = Operation(
    name="GetBrowserInstanceGroup", request=get_request, answer=group,
    used_by=("alibaba.browsers.get", "alibaba.browsers.update"))
# what is named is set to a value (new bookmarks and domains aside: see update)
_MODIFY: Operation[None] = Operation(
    name="ModifyBrowserInstanceGroup", request=modify_request, answer=nothing,
    kind=CallKind.WRITE, used_by=("alibaba.browsers.update",))

OPERATIONS: Mapping[str, Operation[Any]] = {op.name: op for op in (_GET, _MODIFY)}


def _check_group_id(value: object) -> str:
    text = check_id("browser_id", value)
    if not text.startswith(GROUP_ID_PREFIX):
        raise ValidationError("browser_id", "is not a cloud browser id (big-...)", value)
    return text


def _items(field: str, value: object, kind: type[Any]) -> tuple[Any, ...]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise ValidationError(field, f"must be a list of {kind.__name__}", value)
    for index, item in enumerate(value):
        if not isinstance(item, kind):
            raise ValidationError(f"{field}[{index}]", f"must be a {kind.__name__}", item)
    return tuple(value)


def _ids(field: str, value: object) -> list[str]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise ValidationError(field, "must be a list of ids", value)
    return [check_id(f"{field}[{i}]", item) for i, item in enumerate(value)]


class Browsers:
    """Cloud browsers (browser instance groups, ``big-...``)."""

    def __init__(self, context: ExtensionContext) -> None:
        self._calls = context.calls

    def get(self, browser_id: str) -> BrowserGroup:
        """One cloud browser, or :class:`~streamkit.NotFound`."""
        return self._calls.run(_GET, _check_group_id(browser_id))

    def update(self, browser_id: str, *, name: str | None = None,
               homepage: str | None = None, bookmarks: Sequence[Bookmark] | None = None,
               remove_bookmarks: Sequence[str] | None = None,
               clipboard: Clipboard | None = None, frame_rate: int | None = None,
               watermark: bool | None = None, session_timeout_minutes: int | None = None,
               allowed_domains: Sequence[AllowedDomain] | None = None,
               remove_allowed_domains: Sequence[str] | None = None) -> BrowserGroup:
        """Change what is given; the rest stays. Returns the browser after.

        ``bookmarks``/``allowed_domains``: a :class:`Bookmark`/:class:`AllowedDomain` with an
        ``id`` changes that one, without adds a new one (a lost answer then is not sent
        again: it would add twice). ``remove_*``: ids to take away.
        """
        group_id = _check_group_id(browser_id)
        changes: dict[str, Any] = {}
        if name is not None:
            changes["CloudBrowserName"] = check_str("name", name, max_len=64)
        config: dict[str, Any] = {}
        if homepage is not None:
            config["Homepage"] = check_str("homepage", homepage, max_len=2048)
        adds = False
        if bookmarks is not None:
            marks = _items("bookmarks", bookmarks, Bookmark)
            adds = adds or any(m.id is None for m in marks)
            config["Bookmarks"] = [
                {"BookmarkName": check_str("bookmarks.name", m.name, max_len=128),
                 "BookmarkURL": check_str("bookmarks.url", m.url, max_len=2048),
                 **({"BookmarkFolder": m.folder} if m.folder else {}),
                 **({"BookmarkId": m.id} if m.id else {})} for m in marks]
        if remove_bookmarks is not None:
            config["RemoveBookmarks"] = _ids("remove_bookmarks", remove_bookmarks)
        if config:
            changes["BrowserConfig"] = config
        policy: dict[str, Any] = {}
        if clipboard is not None:
            if clipboard not in CLIPBOARD:
                raise ValidationError("clipboard", f"must be one of {', '.join(CLIPBOARD)}",
                                      clipboard)
            policy["ClipboardPolicy"] = {"Clipboard": clipboard}
        if frame_rate is not None:
            policy["VideoPolicy"] = {"FrameRate": check_int("frame_rate", frame_rate,
                                                            minimum=1, maximum=60)}
        if watermark is not None:
            policy["WatermarkPolicy"] = {
                "WatermarkSwitch": "on" if check_bool("watermark", watermark) else "off"}
        if policy:
            changes["Policy"] = policy
        if check_optional_int("session_timeout_minutes", session_timeout_minutes, minimum=1,
                              maximum=1440) is not None:
            changes["Timers"] = [{"TimerType": "SESSION_TIMEOUT",
                                  "Interval": session_timeout_minutes}]
        network: dict[str, Any] = {}
        if allowed_domains is not None:
            domains = _items("allowed_domains", allowed_domains, AllowedDomain)
            adds = adds or any(d.id is None for d in domains)
            network.update(AccessRestriction="ALLOW_LIST", RestrictedURLs=[
                {"URL": check_str("allowed_domains.url", d.url, max_len=2048),
                 **({"RestrictedURLId": d.id} if d.id else {})} for d in domains])
        if remove_allowed_domains is not None:
            network["RemoveRestrictedURLIds"] = _ids("remove_allowed_domains",
                                                     remove_allowed_domains)
        if network:
            changes["Network"] = network
        if not changes:
            raise ValidationError("update", "name at least one setting to change", None)
        self._calls.run(_ADDING if adds else _MODIFY, group_id, changes)
        return self._calls.run(_GET, group_id)

    def __repr__(self) -> str:
        return "streamkit.alibaba.Browsers()"


# the same request adding bookmarks or domains would add them twice: never sent again
_ADDING: Operation[None] = attrs.evolve(_MODIFY, kind=CallKind.CREATE)
