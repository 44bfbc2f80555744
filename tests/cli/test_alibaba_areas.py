"""``streamkit alibaba billing|policies|tenant|ota|browsers``: the rows of the cloud.alibaba areas,
run against the emulator (refused on AWS with the unsupported exit code)."""

from __future__ import annotations

from streamkit.cli.output import ExitCode
from tests.harness import AlibabaHarness
from tests.test_cli import Cli


def test_alibaba_area_commands(run: Cli) -> None:
    if run.harness.provider != "alibaba":
        run("alibaba", "tenant", "get", code=ExitCode.UNSUPPORTED)
        return
    price = run.json("alibaba", "billing", "price", "appstreaming.general.4c8g",
                     "--period", "1 month", "--amount", "2")
    assert price["trade"] == {"amount": "480.00", "currency": "CNY"}
    assert price["period"] == {"amount": 1, "unit": "Month"}
    run("alibaba", "billing", "price", "appstreaming.general.4c8g", "--period", "2 weeks",
        code=ExitCode.BAD_INPUT)
    assert run.json("alibaba", "tenant", "update", "--no-expiry-reminder")[
        "expiry_reminder"] is False
    assert run.json("alibaba", "tenant", "get")["expiry_reminder"] is False
    group_id = run.deploy("areas")["stack"]["id"]
    run.harness.advance(run.harness.fleet_start_seconds)
    done = run.json("alibaba", "policies", "update", group_id, "--frame-rate", "60",
                    "--resolution", "1280x720", "--streaming-mode", "WEBRTC")
    assert done["action"] == "policies.update" and done["id"] == group_id
    assert isinstance(run.harness, AlibabaHarness)
    task_id = run.harness.emulator.alibaba.publish_ota(group_id, "1.2.0")
    [task] = run.json("alibaba", "ota", "list", group_id)
    assert (task["id"], task["state"]) == (task_id, "STANDBY")
    assert task_id in run("alibaba", "ota", "list", group_id).stdout  # the table
    run("alibaba", "ota", "approve", group_id, task_id, "2026-12-01T10:00:00+08:00")
    assert run.json("alibaba", "ota", "get", task_id)["start_time"]
    browser_id = run.harness.emulator.alibaba.add_browser_group("kiosk")
    shown = run.json("alibaba", "browsers", "update", browser_id, "--bookmark",
                     "Docs=https://example.com/docs", "--allow-domain", "example.com",
                     "--no-watermark", "--frame-rate", "30")
    assert [b["name"] for b in shown["bookmarks"]] == ["Docs"]
    assert shown["allowed_domains"][0]["url"] == "example.com" and shown["watermark"] is False
    assert run.json("alibaba", "browsers", "get", browser_id)["frame_rate"] == 30
    run("alibaba", "browsers", "update", browser_id, "--bookmark", "no-url",
        code=ExitCode.BAD_INPUT)
