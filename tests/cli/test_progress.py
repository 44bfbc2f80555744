"""Long operations show progress on a terminal and stay quiet in pipes; stdout carries only
the result either way. ``TTY_COMPATIBLE=1`` makes rich treat CliRunner's stderr as a terminal
(the forced-tty mode)."""

from __future__ import annotations

import json

from tests.test_cli import Cli

TTY: dict[str, str | None] = {"TTY_COMPATIBLE": "1"}
PIPE: dict[str, str | None] = {"TTY_COMPATIBLE": None, "FORCE_COLOR": None}


def _deploy_args(run: Cli, name: str) -> list[str]:
    return ["deploy", "--stack", name, "--fleet", f"{name}-fleet", "--instance-type",
            run.harness.instance_type, "--image", run.harness.base_image, "-o", "json"]


def test_a_pipe_gets_no_progress(run: Cli) -> None:
    deployed = run(*_deploy_args(run, "piped"), env=PIPE)
    fleet_id = json.loads(deployed.stdout)["fleet"]["id"]
    assert deployed.stderr == ""
    run.harness.advance(run.harness.fleet_start_seconds + 1)
    waited = run("wait", "fleet-running", fleet_id, "-o", "json", env=PIPE)
    assert json.loads(waited.stdout)["state"] == "RUNNING" and waited.stderr == ""
    listed = run("inventory", "fleets", "-r", run.base[3], "-o", "json", env=PIPE)
    assert json.loads(listed.stdout)["errors"] == {} and listed.stderr == ""


def test_progress_asked_for_in_a_pipe_is_a_line_per_change(run: Cli) -> None:
    deployed = run(*_deploy_args(run, "logged"), "--progress", env=PIPE)
    fleet_id = json.loads(deployed.stdout)["fleet"]["id"]
    assert deployed.stderr.startswith("deploying stack logged and fleet logged-fleet: fleet ")
    timed_out = run("wait", "fleet-running", fleet_id, "--timeout", "0", "--progress",
                    env=PIPE, code=5)
    first = timed_out.stderr.splitlines()[0]
    assert first.startswith(f"fleet running {fleet_id}: STARTING after 0s (poll 1)")
    assert "\x1b[" not in timed_out.stderr  # plain lines, no terminal codes


def test_a_terminal_gets_a_live_display_and_stdout_stays_clean(run: Cli) -> None:
    deployed = run(*_deploy_args(run, "live"), env=TTY)
    fleet_id = json.loads(deployed.stdout)["fleet"]["id"]  # stdout: the JSON only
    assert "deploying stack live and fleet live-fleet" in deployed.stderr
    run.harness.advance(run.harness.fleet_start_seconds + 1)
    waited = run("wait", "fleet-running", fleet_id, "-o", "json", env=TTY)
    assert json.loads(waited.stdout)["state"] == "RUNNING"
    assert f"fleet running {fleet_id}: RUNNING" in waited.stderr
    assert "\x1b[" in waited.stderr  # drawn as a live display
    listed = run("inventory", "fleets", "-r", run.base[3], "-o", "json", env=TTY)
    assert [f["id"] for f in json.loads(listed.stdout)["results"][run.base[3]]] == [fleet_id]
    assert f"fleets in {run.base[3]}" in listed.stderr
    quiet = run("wait", "fleet-running", fleet_id, "-q", "-o", "json", env=TTY)
    assert quiet.stderr == "" and json.loads(quiet.stdout)["id"] == fleet_id
