"""``cloud.alibaba.browsers`` through the real Tea SDK over HTTP against the emulator: a cloud
browser read, changed field by field, and the refusals (ModifyBrowserInstanceGroup)."""

from __future__ import annotations

import pytest

import streamkit
from streamkit.alibaba import AllowedDomain, Bookmark, BrowserGroup
from tests.harness import AlibabaHarness


def test_a_cloud_browser_changes_what_is_named(ali: AlibabaHarness) -> None:
    browser_id = ali.emulator.alibaba.add_browser_group("kiosk")
    browsers = ali.cloud.alibaba.browsers
    found = browsers.get(browser_id)
    assert isinstance(found, BrowserGroup) and (found.id, found.name) == (browser_id, "kiosk")
    assert found.watermark is False and found.bookmarks == ()
    changed = browsers.update(
        browser_id, name="kiosk-2", homepage="https://example.com", clipboard="read",
        frame_rate=60, watermark=True, session_timeout_minutes=30,
        bookmarks=[Bookmark(name="Docs", url="https://example.com/docs", folder="work")],
        allowed_domains=[AllowedDomain(url="example.com")])
    assert (changed.name, changed.homepage, changed.clipboard, changed.frame_rate,
            changed.watermark, changed.session_timeout_minutes) == (
        "kiosk-2", "https://example.com", "read", 60, True, 30)
    [mark] = changed.bookmarks
    assert (mark.name, mark.folder) == ("Docs", "work") and mark.id
    [domain] = changed.allowed_domains
    assert domain.url == "example.com" and domain.id
    again = browsers.update(browser_id, bookmarks=[Bookmark(name="Docs v2", url=mark.url,
                                                            id=mark.id)],
                            remove_allowed_domains=[domain.id])
    assert [m.name for m in again.bookmarks] == ["Docs v2"] and again.allowed_domains == ()
    assert again.frame_rate == 60  # what was not named stays
    assert browsers.update(browser_id, remove_bookmarks=[mark.id]).bookmarks == ()


def test_adding_a_bookmark_is_never_sent_twice(ali: AlibabaHarness) -> None:
    browser_id = ali.emulator.alibaba.add_browser_group("once")
    records: list[streamkit.CallRecord] = []
    cloud = ali.connect(hooks=streamkit.Hooks(on_call=records.append))
    ali.emulator.faults.add("drop_after", provider="alibaba",
                            operation="ModifyBrowserInstanceGroup", count=1)
    with pytest.raises(streamkit.ProviderError) as lost:
        cloud.alibaba.browsers.update(browser_id, bookmarks=[Bookmark(name="A", url="a.com")])
    assert lost.value.maybe_applied
    assert [r.operation for r in records] == ["ModifyBrowserInstanceGroup"]
    assert len(cloud.alibaba.browsers.get(browser_id).bookmarks) == 1


def test_browser_refusals(ali: AlibabaHarness) -> None:
    browsers = ali.cloud.alibaba.browsers
    browser_id = ali.emulator.alibaba.add_browser_group("strict")
    with pytest.raises(streamkit.ValidationError, match="browser_id"):
        browsers.get("aig-notabrowser")
    with pytest.raises(streamkit.ValidationError, match="clipboard"):
        browsers.update(browser_id, clipboard="both")  # type: ignore[arg-type]
    with pytest.raises(streamkit.ValidationError, match="frame_rate"):
        browsers.update(browser_id, frame_rate=120)
    with pytest.raises(streamkit.ValidationError, match=r"bookmarks\[0\]"):
        browsers.update(browser_id, bookmarks=[("Docs", "https://x")])  # type: ignore[list-item]
    with pytest.raises(streamkit.ValidationError, match="at least one"):
        browsers.update(browser_id)
    with pytest.raises(streamkit.NotFound):
        browsers.get("big-doesnotexist00000")
    with pytest.raises(streamkit.InvalidRequest, match="BookmarkId"):
        browsers.update(browser_id, bookmarks=[Bookmark(name="X", url="x.com", id="bm-nope")])
    assert browsers.get(browser_id).bookmarks == ()  # a refused change changes nothing
