"""Cloud browsers: GetBrowserInstanceGroup and ModifyBrowserInstanceGroup (the
``add_browser_group`` test control makes them)."""

from __future__ import annotations

import json
from typing import Any, Final

from streamkit.testing.alibaba.errors import ApiError, invalid, missing
from streamkit.testing.alibaba.operations.call import OPERATIONS, AlibabaCall, Body
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


def _object(fields: JsonFields, key: str) -> JsonFields | None:
    value = fields.raw().get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise invalid(f"{fields.param}.{key}", "expected an object")
    return JsonFields(f"{fields.param}.{key}", value)


def _browser_config(group: BrowserGroup, config: JsonFields) -> None:
    group.homepage = config.text("Homepage") or group.homepage
    group.browser_param = config.text("BrowserParam") or group.browser_param
    removed = {str(x) for x in _list(config, "RemoveBookmarks")}
    marks = [b for b in group.bookmarks if b["BookmarkId"] not in removed]
    for index, raw in enumerate(_list(config, "Bookmarks"), start=1):
        where = f"BrowserConfig.Bookmarks.{index}"
        if not isinstance(raw, dict):
            raise invalid(where, "expected an object")
        mark = JsonFields(where, raw)
        name, url = mark.text("BookmarkName"), mark.text("BookmarkURL")
        if not name:
            raise missing(f"{where}.BookmarkName")
        if not url:
            raise missing(f"{where}.BookmarkURL")
        entry = {"BookmarkName": name, "BookmarkURL": url,
                 "BookmarkFolder": mark.text("BookmarkFolder") or ""}
        mark_id = mark.text("BookmarkId")
        if mark_id:  # a change to a bookmark it has
            old = next((b for b in marks if b["BookmarkId"] == mark_id), None)
            if old is None:
                raise invalid(f"{where}.BookmarkId", f"there is no bookmark {mark_id}")
            old.update(entry)
        else:
            marks.append({"BookmarkId": new_id("bm", 10), **entry})
    group.bookmarks = marks


def _policy(group: BrowserGroup, policy: JsonFields) -> None:
    clipboard = _object(policy, "ClipboardPolicy")
    if clipboard is not None:
        group.clipboard = clipboard.choice("Clipboard", CLIPBOARD) or group.clipboard
    video = _object(policy, "VideoPolicy")
    if video is not None:
        rate = video.integer("FrameRate", minimum=1, maximum=60)
        group.frame_rate = rate if rate is not None else group.frame_rate
    watermark = _object(policy, "WatermarkPolicy")
    if watermark is not None:
        group.watermark = watermark.choice("WatermarkSwitch", ("on", "off")) or group.watermark


def _network(group: BrowserGroup, network: JsonFields) -> None:
    network.choice("AccessRestriction", ("ALLOW_LIST",))
    removed = {str(x) for x in _list(network, "RemoveRestrictedURLIds")}
    urls = [u for u in group.allowed_urls if u["RestrictedURLId"] not in removed]
    for index, raw in enumerate(_list(network, "RestrictedURLs"), start=1):
        where = f"Network.RestrictedURLs.{index}"
        if not isinstance(raw, dict):
            raise invalid(where, "expected an object")
        entry = JsonFields(where, raw)
        url = entry.text("URL")
        if not url:
            raise missing(f"{where}.URL")
        url_id = entry.text("RestrictedURLId")
        if url_id:
            old = next((u for u in urls if u["RestrictedURLId"] == url_id), None)
            if old is None:
                raise invalid(f"{where}.RestrictedURLId", f"there is no domain {url_id}")
            old["URL"] = url
        else:
            urls.append({"RestrictedURLId": new_id("ru", 10), "URL": url})
    group.allowed_urls = urls


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
