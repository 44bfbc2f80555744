"""The package as users meet it: what imports load, the emulator command, the demo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import boto3
from botocore.config import Config

import streamkit

CLOUD_SDKS = ("boto3", "botocore", "alibabacloud_", "Tea", "darabonba")


def _modules_after(code: str, cwd: Path | None = None) -> set[str]:
    """The modules a fresh interpreter holds after running ``code``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_DISABLE_PLUGIN_AUTOLOAD"}
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=cwd, env=env).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_import_streamkit_loads_no_cloud_sdk_and_no_emulator() -> None:
    modules = _modules_after("import streamkit")
    assert "streamkit" in modules
    assert not {m for m in modules if m.startswith(CLOUD_SDKS)}
    assert not {m for m in modules if m.startswith("streamkit.testing")}


def test_pytest_plugin_loads_the_emulator_only_for_its_fixture(tmp_path: Path) -> None:
    # pytest loads the plugin in every run of any project where streamkit is installed
    (tmp_path / "test_nothing.py").write_text("def test_nothing():\n    pass\n")
    modules = _modules_after("import pytest\n"
                             "assert pytest.main(['-q', '-p', 'no:cacheprovider']) == 0",
                             cwd=tmp_path)
    assert "streamkit.testing.fixtures" in modules  # the plugin was loaded
    assert not {m for m in modules if m.startswith("streamkit.testing.")} - {
        "streamkit.testing.fixtures"}
    assert not {m for m in modules if m.startswith(CLOUD_SDKS)}


def test_cli_start_loads_no_emulator() -> None:
    modules = _modules_after("import runpy, sys\n"
                             "sys.argv = ['streamkit', '--help']\n"
                             "try:\n"
                             "    runpy.run_module('streamkit.cli', run_name='__main__')\n"
                             "except SystemExit as exit:\n"
                             "    assert exit.code == 0, exit.code")
    assert "click" in modules  # the command did start
    assert not {m for m in modules if m.startswith("streamkit.testing")}


def test_public_surface_is_explicit_and_typed() -> None:
    assert set(streamkit.__all__) <= set(dir(streamkit))
    assert (Path(streamkit.__file__).parent / "py.typed").exists()


def test_emulator_command_prints_its_endpoints_and_serves() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "streamkit.cli", "emulator", "--port", "0",
                             "--alibaba-access-key-secret", "my-own-secret"],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        info = json.loads(proc.stdout.readline())
        creds = info["credentials"]["aws"]
        client = boto3.client("appstream", region_name="us-east-1", endpoint_url=info["aws"],
                              aws_access_key_id=creds["access_key_id"],
                              aws_secret_access_key=creds["secret_access_key"],
                              config=Config(retries={"total_max_attempts": 1}))
        client.create_stack(Name="from-cli")
        assert [s["Name"] for s in client.describe_stacks()["Stacks"]] == ["from-cli"]

        def control(route: str, body: dict[str, object]) -> dict[str, object]:
            req = urllib.request.Request(f"{info['aws']}/_streamkit/{route}",
                                         data=json.dumps(body).encode(), method="POST")
            with urllib.request.urlopen(req, timeout=5) as resp:
                return json.loads(resp.read())  # type: ignore[no-any-return]

        before = control("clock", {"advance": 0})["now"]
        after = control("clock", {"advance": 3600})["now"]
        assert float(after) - float(before) >= 3600  # type: ignore[arg-type]
        control("reset", {})
        assert client.describe_stacks()["Stacks"] == []

        ali = info["credentials"]["alibaba"]
        assert ali["access_key_secret"] == "my-own-secret"
        assert info["alibaba"] == info["aws"].removeprefix("http://")
        cloud = streamkit.connect("alibaba", region="cn-shanghai", endpoint=info["alibaba"],
                                  credentials=streamkit.Credentials(ali["access_key_id"],
                                                                    ali["access_key_secret"]))
        assert cloud.stacks.list_page().items == ()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_demo_tours_the_library_in_seconds() -> None:
    from streamkit import demo

    lines: list[str] = []
    assert demo.main(lines.append) == 0
    text = "\n".join(lines)
    assert text.count("cleaned up; fleets.get now raises NotFound") == 2  # both clouds
    for expected in ("== aws ==", "== alibaba ==", "RUNNING", "a URL, printed as Secret(",
                     "a TICKET, printed as Secret(", "scaled to 4", "fleets.stop: not on alibaba",
                     "fast launch", "ENABLED"):
        assert expected in text
    assert "https://" not in text  # the streaming URL is printed redacted
