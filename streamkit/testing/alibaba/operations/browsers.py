"""Cloud browsers: GetBrowserInstanceGroup and ModifyBrowserInstanceGroup (the
``add_browser_group`` test control makes them)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Final

from streamkit.testing.alibaba.errors import ApiError, invalid, missing
from streamkit.testing.alibaba.operations.call import OPERATIONS, AlibabaCall, Body
from streamkit.testing.alibaba.operations.groups import child_object
from streamkit.testing.alibaba.protocol import JsonFields, Params
from streamkit.testing.alibaba.state import AlibabaState, BrowserGroup, iso_time, new_id

__all__ = ["CLIPBOARD", "browser_group", "get_browser_instance_group",
           "modify_browser_instance_group"]

CLIPBOARD: Final = ("read", "readwrite", "write", "off")


def browser_group(state: AlibabaState, group_id: str) -> BrowserGroup:
    """The cloud browser, or ``InvalidBrowserInstanceGroup.NotFound``."""
    found = state.browsers.get(group_id)
    if found is None:
        raise ApiError("InvalidBrowserInstanceGroup.NotFound",
                       f"The specified cloud browser {group_id} does not exist.")
    return found


def _model(group: BrowserGroup) -> dict[str, Any]:
    return {
        "BrowserInstanceGroupId": group.group_id, "BrowserInstanceGroupName": group.name,
        "BizRegionId": group.region, "Status": group.status, "ChargeType": "PostPaid",
        "GmtCreate": iso_time(group.created), "OsType": "Windows",
        "BrowserConfig": {"Homepage": group.homepage, "BrowserParam": group.browser_param,
                          "Bookmarks": [dict(b) for b in group.bookmarks]},
        "Policy": {"ClipboardPolicy": {"Clipboard": group.clipboard},
                   "VideoPolicy": {"FrameRate": group.frame_rate},
                   "WatermarkPolicy": {"WatermarkSwitch": group.watermark}},
        "Timers": [{"TimerType": "SESSION_TIMEOUT", "Interval": group.session_timeout}],
        "Network": {"AccessRestriction": "ALLOW_LIST" if group.allowed_urls else None,
                    "RestrictedURLs": [dict(u) for u in group.allowed_urls]},
    }


@OPERATIONS("GetBrowserInstanceGroup")
def get_browser_instance_group(call: AlibabaCall) -> Body:
    """GetBrowserInstanceGroup: one cloud browser."""
    group = browser_group(call.state, call.params.required("BrowserInstanceGroupId"))
    return {"BrowserInstanceGroupModel": _model(group)}


def _list(fields: JsonFields, key: str) -> list[Any]:
    value = fields.raw().get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise invalid(f"{fields.param}.{key}", "expected a list")
    return value


def _edited(current: list[dict[str, str]], removed: list[Any], entries: list[Any], where: str,
            id_key: str, prefix: str, read: Callable[[JsonFields, str], dict[str, str]]
            ) -> list[dict[str, str]]:
    """A list of entries after the request: ``removed`` ids gone, each entry with an
    ``id_key`` changing that one, each without it added with a new id."""
    gone = {str(x) for x in removed}
    kept = [dict(e) for e in current if e[id_key] not in gone]
    for index, raw in enumerate(entries, start=1):
        here = f"{where}.{index}"
        if not isinstance(raw, dict):
            raise invalid(here, "expected an object")
        fields = JsonFields(here, raw)
        entry, entry_id = read(fields, here), fields.text(id_key)
        if not entry_id:
            kept.append({id_key: new_id(prefix, 10), **entry})
            continue
        old = next((e for e in kept if e[id_key] == entry_id), None)
        if old is None:
            raise invalid(f"{here}.{id_key}", f"there is no {id_key} {entry_id}")
        old.update(entry)
    return kept


def _required(fields: JsonFields, key: str, where: str) -> str:
    value = fields.text(key)
    if not value:
        raise missing(f"{where}.{key}")
    return value


def _bookmark(mark: JsonFields, where: str) -> dict[str, str]:
    return {"BookmarkName": _required(mark, "BookmarkName", where),
            "BookmarkURL": _required(mark, "BookmarkURL", where),
            "BookmarkFolder": mark.text("BookmarkFolder") or ""}


def _browser_config(group: BrowserGroup, config: JsonFields) -> None:
    group.homepage = config.text("Homepage") or group.homepage
    group.browser_param = config.text("BrowserParam") or group.browser_param
    group.bookmarks = _edited(group.bookmarks, _list(config, "RemoveBookmarks"),
                              _list(config, "Bookmarks"), "BrowserConfig.Bookmarks",
                              "BookmarkId", "bm", _bookmark)


def _policy(group: BrowserGroup, policy: JsonFields) -> None:
    clipboard = child_object(policy, "ClipboardPolicy")
    if clipboard is not None:
        group.clipboard = clipboard.choice("Clipboard", CLIPBOARD) or group.clipboard
    video = child_object(policy, "VideoPolicy")
    if video is not None:
        rate = video.integer("FrameRate", minimum=1, maximum=60)
        group.frame_rate = rate if rate is not None else group.frame_rate
    watermark = child_object(policy, "WatermarkPolicy")
    if watermark is not None:
        group.watermark = watermark.choice("WatermarkSwitch", ("on", "off")) or group.watermark


def _network(group: BrowserGroup, network: JsonFields) -> None:
    network.choice("AccessRestriction", ("ALLOW_LIST",))
    group.allowed_urls = _edited(
        group.allowed_urls, _list(network, "RemoveRestrictedURLIds"),
        _list(network, "RestrictedURLs"), "Network.RestrictedURLs", "RestrictedURLId", "ru",
        lambda entry, where: {"URL": _required(entry, "URL", where)})


def _timers(group: BrowserGroup, p: Params) -> None:
    raw = p.text("Timers")
    if raw is None:
        return
    try:
        timers = json.loads(raw)
    except ValueError:
        raise invalid("Timers", "expected a JSON list") from None
    if not isinstance(timers, list):
        raise invalid("Timers", "expected a JSON list")
    for index, timer in enumerate(timers, start=1):
        if not isinstance(timer, dict):
            raise invalid(f"Timers.{index}", "expected an object")
        fields = JsonFields(f"Timers.{index}", timer)
        fields.choice("TimerType", ("SESSION_TIMEOUT",))
        interval = fields.integer("Interval", minimum=1, maximum=1440)
        if interval is not None:
            group.session_timeout = interval


@OPERATIONS("ModifyBrowserInstanceGroup")
def modify_browser_instance_group(call: AlibabaCall) -> Body:
    """ModifyBrowserInstanceGroup: change what is given; the rest stays."""
    p = call.params
    group = browser_group(call.state, p.required("BrowserInstanceGroupId"))
    changed = group.copy()  # all or nothing: a refusal leaves the browser as it was
    name = p.text("CloudBrowserName", max_len=64)
    if name:
        changed.name = name
    for key, apply in (("BrowserConfig", _browser_config), ("Policy", _policy),
                       ("Network", _network)):
        fields = p.json_object(key)
        if fields is not None:
            apply(changed, fields)
    _timers(changed, p)
    call.state.browsers[group.group_id] = changed
    return {}
