"""``cloud.alibaba.ota`` and ``cloud.alibaba.policies`` through the real Tea SDK over HTTP
against the emulator: update tasks offered, listed, approved and run on the emulator's clock;
a group's display policy changed after it was made."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import streamkit
from streamkit.alibaba import OtaTask, OtaTaskState, OtaType, VisualQuality
from streamkit.testing.alibaba.state import OTA_SECONDS
from tests.harness import AlibabaHarness


@pytest.fixture
def group_id(ali: AlibabaHarness) -> str:
    deployment = ali.cloud.deploy(ali.deployment_spec("ota"))
    ali.cloud.wait_until_fleet_running(deployment.fleet.id)
    return deployment.stack.id


def _ota_info(ali: AlibabaHarness, group_id: str) -> dict[str, str]:
    group = ali.cloud.stacks.get(group_id).raw
    return dict(group["OtaInfo"])


def test_an_offered_update_is_listed_approved_and_runs(ali: AlibabaHarness,
                                                       group_id: str) -> None:
    ota = ali.cloud.alibaba.ota
    assert list(ota.list(group_id)) == []
    task_id = ali.emulator.alibaba.publish_ota(group_id, "1.1.0-R-20261201.000000",
                                               release_note="Faster reconnects")
    assert _ota_info(ali, group_id)["TaskId"] == task_id
    [offered] = ota.list(group_id, OtaType.FOTA)
    assert isinstance(offered, OtaTask) and offered.id == task_id
    assert (offered.state, offered.group_id, offered.start_time) == (
        OtaTaskState.STANDBY, group_id, None)
    detail = ota.get(task_id)
    assert (detail.version, detail.release_note) == ("1.1.0-R-20261201.000000",
                                                     "Faster reconnects")
    start = ali.emulator.clock.utc_now() + timedelta(hours=1)
    ota.approve(group_id, task_id, start)
    assert ota.get(task_id).start_time == start.replace(microsecond=0)
    ali.advance(3600)
    assert next(ota.list(group_id)).state is OtaTaskState.RUNNING
    with pytest.raises(streamkit.ProviderError, match="running") as running:
        ota.approve(group_id, task_id, start)
    assert running.value.code == "OtaTask.Running"
    ali.advance(OTA_SECONDS)
    assert next(ota.list(group_id)).state is OtaTaskState.FINISHED
    assert _ota_info(ali, group_id) == {"OtaVersion": "1.1.0-R-20261201.000000"}


def test_update_tasks_page_newest_first(ali: AlibabaHarness, group_id: str) -> None:
    made = [ali.emulator.alibaba.publish_ota(group_id, f"1.{n}.0") for n in range(5)]
    ali.emulator.alibaba.publish_ota(group_id, "9.0.0", ota_type="AppUpdate")
    first = ali.cloud.alibaba.ota.list_page(group_id, page_size=2)
    assert [t.id for t in first] == made[::-1][:2] and first.next_cursor
    seen, cursor = [t.id for t in first], first.next_cursor
    while cursor is not None:
        page = ali.cloud.alibaba.ota.list_page(group_id, page_size=2, cursor=cursor)
        seen, cursor = seen + [t.id for t in page], page.next_cursor
    assert seen == made[::-1]
    [app] = ali.cloud.alibaba.ota.list(group_id, "AppUpdate")
    assert app.version == "9.0.0"


def test_ota_refusals(ali: AlibabaHarness, group_id: str) -> None:
    ota = ali.cloud.alibaba.ota
    with pytest.raises(streamkit.ValidationError, match="ota_type"):
        list(ota.list(group_id, "Firmware"))
    with pytest.raises(streamkit.ValidationError, match="start_time"):
        ota.approve(group_id, "ota-x", datetime(2026, 12, 1, 12, 0))  # no time zone
    with pytest.raises(streamkit.InvalidRequest, match="TaskId"):
        ota.get("ota-doesnotexist")
    task_id = ali.emulator.alibaba.publish_ota(group_id, "2.0.0", ota_type="ImageUpdate")
    with pytest.raises(streamkit.InvalidRequest, match="TaskId"):  # not a Fota task
        ota.approve(group_id, task_id, datetime.now(timezone.utc))
    with pytest.raises(streamkit.NotFound):
        list(ota.list("aig-doesnotexist0000"))


def test_the_display_policy_changes_after_the_group_is_made(ali: AlibabaHarness,
                                                             group_id: str) -> None:
    policies = ali.cloud.alibaba.policies
    policies.update(group_id, frame_rate=60, resolution=(1920, 1080),
                    adaptive_resolution=True, streaming_mode="WEBRTC",
                    visual_quality=VisualQuality.SMOOTH)
    video = ali.emulator.alibaba.describe_group(group_id)["policies"]["VideoPolicy"]
    assert video == {"FrameRate": 60, "SessionResolutionWidth": 1920,
                     "SessionResolutionHeight": 1080, "TerminalResolutionAdaptive": True,
                     "Webrtc": True, "StreamingMode": "video",
                     "VisualQualityStrategy": "smooth"}
    policies.update(group_id, frame_rate=30, streaming_mode="MIX")
    video = ali.emulator.alibaba.describe_group(group_id)["policies"]["VideoPolicy"]
    assert (video["FrameRate"], video["Webrtc"], video["StreamingMode"]) == (30, False, "mix")
    assert video["SessionResolutionWidth"] == 1920  # what was not named stays


def test_display_policy_refusals(ali: AlibabaHarness, group_id: str) -> None:
    policies = ali.cloud.alibaba.policies
    with pytest.raises(streamkit.ValidationError, match="frame_rate"):
        policies.update(group_id, frame_rate=45)
    with pytest.raises(streamkit.ValidationError, match="resolution"):
        policies.update(group_id, resolution=(0, 1080))
    with pytest.raises(streamkit.ValidationError, match="streaming_mode"):
        policies.update(group_id, streaming_mode="RDP")
    with pytest.raises(streamkit.ValidationError, match="visual_quality"):
        policies.update(group_id, visual_quality="crisp")
    with pytest.raises(streamkit.ValidationError, match="at least one"):
        policies.update(group_id)
    with pytest.raises(streamkit.NotFound):
        policies.update("aig-doesnotexist0000", frame_rate=30)
    with pytest.raises(streamkit.InvalidRequest, match="AppPolicyId"):
        ali.cloud.call("ModifyAppPolicy", {"ProductType": "CloudApp",
                                           "AppPolicyId": "pg-nosuchpolicy",
                                           "VideoPolicy": {"FrameRate": 30}})
