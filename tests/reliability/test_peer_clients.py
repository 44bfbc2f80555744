"""Peer clients: the AWS CLI drives the emulator through a whole stack/fleet/session life.

``tests/emulator/test_aws_emulator.py`` already runs ``aws appstream describe-fleets`` and
botocore's own ``fleet_started``/``fleet_stopped`` waiters and paginators from Python; this
adds the rest of the CLI: create, describe (paginated), start/stop with the CLI's ``wait``
commands (botocore's waiters), sessions, streaming URLs and deletes. The CLI runs in a
subprocess (importing awscli here would swap botocore); one process runs every command
through ``awscli.clidriver``, exactly as ``python -m awscli`` does, to save start-up time.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from typing import Any

import pytest

from streamkit.testing import Emulator

pytestmark = pytest.mark.skipif(importlib.util.find_spec("awscli") is None,
                                reason="awscli not installed")

IMAGE = "AppStream-WinServer2019-06-12-2024"
#: run in the subprocess: each step is a CLI command line, or a control call to the emulator
RUNNER = r"""
import contextlib, io, json, sys, urllib.request
from awscli.clidriver import create_clidriver

endpoint, steps = sys.argv[1], json.loads(sys.stdin.read())
driver = create_clidriver()  # one driver, as a shell runs one `aws` per line but faster
results = []
for step in steps:
    if step[0] == "control":
        request = urllib.request.Request(endpoint + "/_streamkit/" + step[1],
                                         data=json.dumps(step[2]).encode(), method="POST")
        with urllib.request.urlopen(request) as answer:
            results.append({"rc": answer.status, "out": answer.read().decode(), "err": ""})
        continue
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = driver.main(["appstream", *step, "--endpoint-url", endpoint,
                                      "--region", "us-east-1", "--output", "json"])
    results.append({"rc": rc, "out": out.getvalue(), "err": err.getvalue()})
print(json.dumps(results))
"""


def _run_cli(emu: Emulator, steps: list[list[Any]]) -> list[dict[str, Any]]:
    creds = emu.credentials["aws"]
    env = {**os.environ, "AWS_ACCESS_KEY_ID": creds["access_key_id"],
           "AWS_SECRET_ACCESS_KEY": creds["secret_access_key"],
           "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
           "AWS_MAX_ATTEMPTS": "1", "AWS_PAGER": ""}
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-c", RUNNER, emu.aws_endpoint],
                          input=json.dumps(steps), env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


def test_the_aws_cli_runs_a_whole_life_against_the_emulator(emulator: Emulator) -> None:
    steps: list[list[Any]] = [
        ["create-stack", "--name", "cli-stack", "--display-name", "CLI stack"],
        ["describe-stacks"],
        ["create-fleet", "--name", "cli-fleet", "--instance-type", "stream.standard.medium",
         "--image-name", IMAGE, "--fleet-type", "ALWAYS_ON",
         "--compute-capacity", "DesiredInstances=2"],
        ["associate-fleet", "--fleet-name", "cli-fleet", "--stack-name", "cli-stack"],
        ["start-fleet", "--name", "cli-fleet"],
        ["describe-fleets", "--names", "cli-fleet"],
        ["control", "clock", {"advance": emulator.aws.timings.fleet_start + 1}],
        ["wait", "fleet-started", "--names", "cli-fleet"],
        ["describe-fleets"],
        ["describe-images", "--page-size", "1"],  # the CLI pages through every page itself
        ["describe-images", "--names", IMAGE],
        ["describe-images", "--max-items", "1"],
        ["control", "aws/add-sessions", {"stack": "cli-stack", "fleet": "cli-fleet",
                                         "count": 3, "user_id_prefix": "cli-user"}],
        ["describe-sessions", "--stack-name", "cli-stack", "--fleet-name", "cli-fleet"],
        ["create-streaming-url", "--stack-name", "cli-stack", "--fleet-name", "cli-fleet",
         "--user-id", "cli-user9"],
        ["stop-fleet", "--name", "cli-fleet"],
        ["control", "clock", {"advance": emulator.aws.timings.fleet_stop + 1}],
        ["wait", "fleet-stopped", "--names", "cli-fleet"],
        ["disassociate-fleet", "--fleet-name", "cli-fleet", "--stack-name", "cli-stack"],
        ["delete-fleet", "--name", "cli-fleet"],
        ["delete-stack", "--name", "cli-stack"],
        ["describe-stacks"],
        ["describe-fleets"],
        ["describe-fleets", "--names", "cli-fleet"],
    ]
    results = _run_cli(emulator, steps)

    def out(n: int) -> Any:
        result = results[n]
        assert result["rc"] in (0, 200), (steps[n], result["err"])
        return json.loads(result["out"]) if result["out"].strip() else {}

    assert out(0)["Stack"]["Name"] == "cli-stack"
    assert [s["DisplayName"] for s in out(1)["Stacks"]] == ["CLI stack"]
    assert out(2)["Fleet"]["State"] == "STOPPED"
    out(3)
    out(4)
    assert out(5)["Fleets"][0]["State"] == "STARTING"  # synchronously, as AppStream does
    out(7)  # botocore's fleet_started waiter, through the CLI
    fleets = out(8)["Fleets"]
    assert [(f["Name"], f["State"], f["ComputeCapacityStatus"]["Running"])
            for f in fleets] == [("cli-fleet", "RUNNING", 2)]
    all_images = out(9)["Images"]
    assert IMAGE in [i["Name"] for i in all_images] and len(all_images) > 1
    assert out(10)["Images"][0]["State"] == "AVAILABLE"
    first = out(11)
    assert len(first["Images"]) == 1 and first["NextToken"]  # the paginator's resume token
    sessions = out(13)["Sessions"]
    assert sorted(s["UserId"] for s in sessions) == ["cli-user1", "cli-user2", "cli-user3"]
    assert all(s["State"] == "ACTIVE" for s in sessions)
    assert out(14)["StreamingURL"].startswith("https://")
    out(15)
    out(17)  # fleet_stopped waiter
    for n in (18, 19, 20):
        out(n)
    assert out(21)["Stacks"] == [] and out(22)["Fleets"] == []
    missing = results[23]
    assert missing["rc"] != 0 and "ResourceNotFoundException" in missing["err"], missing
