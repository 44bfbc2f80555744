"""The package as users meet it: import cost, the emulator command, the demo."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import boto3
from botocore.config import Config

import streamkit


def test_import_streamkit_loads_no_cloud_sdk() -> None:
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import streamkit"],
        capture_output=True, text=True, check=True)
    modules = {line.split("|")[-1].strip().split(".")[0] for line in out.stderr.splitlines()}
    assert "streamkit" in modules
    assert not modules & {"boto3", "botocore", "alibabacloud_tea_openapi", "Tea", "darabonba"}


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
