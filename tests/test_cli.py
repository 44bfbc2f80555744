"""The ``streamkit`` command, run in-process with click's CliRunner against the emulator.

Credentials reach the command the way they reach it for real: through the environment
variables the providers' default chains read.
"""

from __future__ import annotations

import inspect
import json
from datetime import datetime, timedelta
from typing import Any

import attrs
import pytest
from click.testing import CliRunner, Result

import streamkit
from streamkit.cli import cli, main
from streamkit.cli.connection import Connection
from streamkit.cli.options import parse_duration
from streamkit.cli.output import REDACTED, ExitCode
from streamkit.cli.resources import RESOURCES, verb_command
from streamkit.testing import Emulator
from streamkit.testing.emulator import DEFAULT_CREDENTIALS
from tests.harness import Harness

ENV: dict[str, str | None] = {
    "AWS_ACCESS_KEY_ID": DEFAULT_CREDENTIALS["aws"]["access_key_id"],
    "AWS_SECRET_ACCESS_KEY": DEFAULT_CREDENTIALS["aws"]["secret_access_key"],
    "AWS_SESSION_TOKEN": None,
    "AWS_PROFILE": None,
    "ALIBABA_CLOUD_ACCESS_KEY_ID": DEFAULT_CREDENTIALS["alibaba"]["access_key_id"],
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET": DEFAULT_CREDENTIALS["alibaba"]["access_key_secret"],
    "ALIBABA_CLOUD_SECURITY_TOKEN": None,
    "STREAMKIT_PROVIDER": None,
    "STREAMKIT_REGION": None,
    "STREAMKIT_ENDPOINT": None,
    "STREAMKIT_EMULATOR": None,
    "STREAMKIT_OUTPUT": None,
}


class Cli:
    """``streamkit --provider P --region R --endpoint E ...`` for one harness."""

    def __init__(self, harness: Harness) -> None:
        self.harness = harness
        args = harness.emulator.connect_args(harness.provider)
        endpoint = args.get("endpoint_url") or args["endpoint"]
        self.base = ["--provider", harness.provider, "--region", args["region"],
                     "--endpoint", endpoint]
        self.runner = CliRunner()

    def __call__(self, *args: str, code: ExitCode = ExitCode.OK,
                 env: dict[str, str | None] | None = None) -> Result:
        result = self.runner.invoke(cli, [*self.base, *args], env={**ENV, **(env or {})})
        assert result.exit_code == code, (result.stdout, result.stderr)
        if code is not ExitCode.OK:
            assert_one_line_error(result)
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "-o", "json").stdout)

    def deploy(self, name: str, capacity: int = 1) -> dict[str, Any]:
        h = self.harness
        doc: dict[str, Any] = self.json("deploy", "--stack", name, "--fleet", f"{name}-fleet",
                                        "--instance-type", h.instance_type,
                                        "--image", h.base_image, "--capacity", str(capacity))
        return doc


def assert_one_line_error(result: Result) -> None:
    lines = [line for line in result.stderr.splitlines() if line.startswith("streamkit: ")]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def run(harness: Harness) -> Cli:
    return Cli(harness)


# The surface -------------------------------------------------------------------------------


def test_help_lists_the_commands_and_documents_every_exit_code() -> None:
    result = CliRunner().invoke(cli, ["--help"], env=ENV)
    assert result.exit_code == 0
    for command in ("deploy", "wait", "stacks", "fleets", "images", "image-builders",
                    "sessions", "capabilities", "emulator", "demo"):
        assert f"  {command} " in result.stdout
    for code in ExitCode:
        assert f"  {int(code)}  " in result.stdout
    fleets = CliRunner().invoke(cli, ["fleets", "--help"], env=ENV)
    for verb in ("list", "get", "create", "update", "start", "stop", "scale", "delete"):
        assert f"  {verb} " in fleets.stdout


def test_every_resource_row_passes_its_method_the_names_it_takes(run: Cli) -> None:
    cloud = run.harness.cloud
    for group in RESOURCES:
        if group.namespace not in (None, run.harness.provider):
            continue  # the other provider's extension
        service = group.of(cloud)
        for verb in group.verbs:
            command = verb_command(group, verb)
            names = {str(p.name) for p in command.params if p.expose_value}
            values = dict.fromkeys(names - {"page_size", "cursor", "reveal"})
            method = inspect.signature(getattr(service, verb.method))
            if verb.build is not None:
                inspect.signature(verb.build).bind(**values)
                method.bind(None)
            else:
                method.bind(**values)
            if verb.pages:
                page = inspect.signature(getattr(service, f"{verb.method}_page"))
                page.bind(**values, page_size=None, cursor=None)


def test_exit_codes_are_distinct() -> None:
    assert len({int(code) for code in ExitCode}) == len(ExitCode)


@pytest.mark.parametrize(("text", "seconds"), [
    ("20m", 1200), ("90s", 90), ("1h", 3600), ("600", 600), ("1h30m", 5400), ("0", 0),
    ("2.5m", 150), (" 5M ", 300),
])
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "5d", "-1", "m", "1h2h", "20 m"])
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_main_returns_the_exit_code(monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    for name, value in ENV.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
    assert main(["--version"]) == 0
    assert streamkit.__version__ in capsys.readouterr().out
    assert main(["fleets", "list"]) == ExitCode.BAD_INPUT
    assert capsys.readouterr().err.strip() == (
        "streamkit: bad input: --provider is required (aws or alibaba; or set "
        "STREAMKIT_PROVIDER)")
    assert main(["--provider", "gcp", "fleets", "list"]) == ExitCode.BAD_INPUT


# Deploy, wait, scale, list: the same commands on both clouds --------------------------------


def test_deploy_wait_scale_and_list(run: Cli) -> None:
    deployment = run.deploy("cli")
    fleet_id = deployment["fleet"]["id"]
    assert deployment["fleet"]["state"] == "STARTING"

    timed_out = run("wait", "fleet-running", fleet_id, "--timeout", "0", code=ExitCode.TIMEOUT)
    assert "timed out: fleet running" in timed_out.stderr
    assert "STARTING" in timed_out.stderr  # the error names the last state

    run.harness.advance(run.harness.fleet_start_seconds + 1)
    waited = run("wait", "fleet-running", fleet_id, "--timeout", "20m", "-o", "json")
    assert json.loads(waited.stdout)["state"] == "RUNNING"  # stdout is JSON only
    assert waited.stderr == ""  # not a terminal: no progress

    scaled = run.json("fleets", "scale", fleet_id, "2")
    assert scaled["capacity"]["desired"] == 2
    assert [f["id"] for f in run.json("fleets", "list")] == [fleet_id]
    assert run.json("stacks", "get", deployment["stack"]["id"])["name"] == "cli"
    table = run("fleets", "list").stdout
    assert fleet_id in table and scaled["state"] in table


def test_wait_for_many_with_one_command(run: Cli) -> None:
    ids = [run.deploy(name)["fleet"]["id"] for name in ("many-a", "many-b")]
    run.harness.advance(run.harness.fleet_start_seconds + 1)
    fleets = run.json("wait", "fleet-running", *ids)
    assert [(f["id"], f["state"]) for f in fleets] == [(i, "RUNNING") for i in ids]
    table = run("wait", "fleet-running", *ids).stdout
    assert all(i in table for i in ids)
    run("wait", "fleet-deleted", *ids, code=ExitCode.BAD_INPUT)  # one at a time only


def test_deploy_and_wait_in_one_command(run: Cli) -> None:
    h = run.harness
    args = ["deploy", "--stack", "now", "--fleet", "now-fleet", "--instance-type",
            h.instance_type, "--image", h.base_image, "--wait", "-o", "json"]
    late = run(*args, "--timeout", "0", code=ExitCode.TIMEOUT)
    assert json.loads(late.stdout)["fleet"]["state"] == "STARTING"  # the ids, despite the error

    if h.provider == "aws":
        h.emulator.aws.timings = attrs.evolve(h.emulator.aws.timings, fleet_start=0)
    else:
        h.emulator.alibaba.set_timings(group_deploy=0)
    args[2], args[4] = "then", "then-fleet"
    deployed = json.loads(run(*args).stdout)
    assert deployed["fleet"]["state"] == "RUNNING"


def test_json_is_plain_data_with_documented_keys(run: Cli) -> None:
    fleet = run.deploy("shape")["fleet"]
    assert set(fleet) == {f.name for f in attrs.fields(streamkit.Fleet)} - {"raw"}
    assert fleet["provider"] == run.harness.provider
    assert fleet["state"] in {s.value for s in streamkit.FleetState}
    assert set(fleet["capacity"]) == {"desired", "running", "in_use", "available"}
    assert datetime.fromisoformat(fleet["created_at"]).utcoffset() == timedelta(0)
    assert isinstance(fleet["errors"], list)


def test_paging_with_cursors_across_invocations(run: Cli) -> None:
    for name in ("page-a", "page-b"):
        run.deploy(name)
    first = run.json("stacks", "list", "--page-size", "1")
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = run.json("stacks", "list", "--page-size", "1", "--cursor", first["next_cursor"])
    names = {first["items"][0]["name"], second["items"][0]["name"]}
    assert names == {"page-a", "page-b"}
    run("fleets", "list", "--cursor", first["next_cursor"], code=ExitCode.BAD_INPUT)


def test_images_list_and_get(run: Cli) -> None:
    images = run.json("images", "list")
    assert run.harness.base_image in {i["id"] for i in images}
    image = run.json("images", "get", run.harness.base_image)
    assert image["state"] == "AVAILABLE"


def test_rows_without_hand_written_commands_tags_and_users(run: Cli) -> None:
    deployment = run.deploy("rows")
    fleet_id, stack_id = deployment["fleet"]["id"], deployment["stack"]["id"]
    tagged = run.json("fleets", "tag", fleet_id, "--tag", "team=render", "--tag", "env=dev")
    assert tagged == {"action": "fleets.tag", "id": fleet_id,
                      "tags": {"team": "render", "env": "dev"}}
    assert run.json("fleets", "tags", fleet_id) == {"team": "render", "env": "dev"}
    run("fleets", "untag", fleet_id, "env")
    assert "team" in run("fleets", "tags", fleet_id).stdout
    assert run.json("fleets", "tags", fleet_id) == {"team": "render"}
    run("fleets", "tag", fleet_id, code=ExitCode.BAD_INPUT)  # no tag given

    users = ["ann@example.com", "bob@example.com"]
    run.harness.add_users(users)
    done = run("stacks", "authorize", stack_id, *users).stdout
    assert done.strip() == f"stacks.authorize: {stack_id}, users {', '.join(users)}"
    assert sorted(run.json("stacks", "users", stack_id)) == users
    run("stacks", "unauthorize", stack_id, users[0])
    assert run("stacks", "users", stack_id).stdout.split() == users[1:]


# Sessions and secrets ----------------------------------------------------------------------


def test_sessions_list_connect_and_expire(run: Cli) -> None:
    run.harness.emulator.alibaba.set_timings(ticket_ready=0)  # the CLI sleeps for real
    deployment = run.deploy("users", capacity=2)
    stack_id, fleet_id = deployment["stack"]["id"], deployment["fleet"]["id"]
    run.harness.advance(run.harness.fleet_start_seconds + 1)
    session_id = run.harness.add_session(stack_id, fleet_id, "alice")

    sessions = run.json("sessions", "list", stack_id)
    assert [(s["id"], s["user_id"]) for s in sessions] == [(session_id, "alice")]

    hidden = run("sessions", "connect", stack_id, "bob", "-o", "json")
    assert json.loads(hidden.stdout)["secret"] == REDACTED
    revealed = run.json("sessions", "connect", stack_id, "bob", "--reveal")
    assert revealed["secret"] not in (REDACTED, "")
    assert revealed["secret"] not in hidden.stdout + hidden.stderr
    table = run("sessions", "connect", stack_id, "bob").stdout
    assert REDACTED in table

    run("sessions", "expire", stack_id, session_id)
    assert all(s["id"] != session_id or s["state"] == "EXPIRED"
               for s in run.json("sessions", "list", stack_id))
    run("sessions", "expire", stack_id, "no-such-session", code=ExitCode.NOT_FOUND)


# Exit codes --------------------------------------------------------------------------------


def test_not_found(run: Cli) -> None:
    missing = "missing-fleet" if run.harness.provider == "aws" else \
        "aig-00000000000000000/rg-00000000000000000"
    result = run("fleets", "get", missing, code=ExitCode.NOT_FOUND)
    assert result.stderr.startswith("streamkit: not found: ")


def test_unsupported_names_the_portable_way(run: Cli) -> None:
    if run.harness.provider == "aws":
        result = run("image-builders", "create-image", "builder", "image",
                     code=ExitCode.UNSUPPORTED)
        assert "Image Assistant" in result.stderr
    else:
        result = run("fleets", "stop", "aig-a/rg-b", code=ExitCode.UNSUPPORTED)
        assert "fleets.scale" in result.stderr


def test_failure_state(run: Cli) -> None:
    fleet_id = run.deploy("doomed")["fleet"]["id"]
    run.harness.fail_fleet(fleet_id, "INTERNAL_SERVICE_ERROR", "no capacity")
    result = run("wait", "fleet-running", fleet_id, code=ExitCode.FAILED)
    assert "failed: fleet running" in result.stderr
    if run.harness.reports_fleet_errors:
        assert "INTERNAL_SERVICE_ERROR: no capacity" in result.stderr


def test_bad_input(run: Cli) -> None:
    run("wait", "fleet-running", "x", "--timeout", "soon", code=ExitCode.BAD_INPUT)
    refused = run("deploy", "--stack", "no spaces!", "--fleet", "f",
                  "--instance-type", run.harness.instance_type, "--image", run.harness.base_image,
                  code=ExitCode.BAD_INPUT)
    assert refused.stderr.startswith("streamkit: bad input: name:")
    run("fleets", "scale", "x", "-1", code=ExitCode.BAD_INPUT)
    run("stacks", "create", "s", "--tag", "no-equals-sign", code=ExitCode.BAD_INPUT)
    result = CliRunner().invoke(cli, ["-p", "aws", "-r", "not a region", "fleets", "list"],
                                env=ENV)
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.startswith("streamkit: bad input: region")


def test_unavailable_after_retries(run: Cli) -> None:
    unreachable = "http://127.0.0.1:1" if run.harness.provider == "aws" else "127.0.0.1:1"
    base = [a if a != run.base[-1] else unreachable for a in run.base]
    result = CliRunner().invoke(cli, [*base, "--max-attempts", "1", "fleets", "list"],
                                env=ENV)
    assert result.exit_code == ExitCode.UNAVAILABLE, result.stderr
    assert_one_line_error(result)


def test_throttled(run: Cli) -> None:
    run.harness.emulator.faults.add("throttle", provider=run.harness.provider, count=1)
    result = run("--max-attempts", "1", "stacks", "list", code=ExitCode.UNAVAILABLE)
    assert result.stderr.startswith("streamkit: throttled: Throttl")


def test_other_provider_errors(emulator: Emulator) -> None:
    run = CliRunner()
    args = ["-p", "aws", "-r", "us-east-1", "--endpoint", emulator.aws_endpoint]
    assert run.invoke(cli, [*args, "stacks", "create", "twice"], env=ENV).exit_code == 0
    again = run.invoke(cli, [*args, "stacks", "create", "twice"], env=ENV)
    assert again.exit_code == ExitCode.PROVIDER_ERROR
    assert again.stderr.startswith("streamkit: error: ResourceAlreadyExistsException")


def test_unexpected_errors_exit_1_and_show_a_traceback_only_with_debug(
        emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Connection) -> streamkit.StreamingCloud:
        raise RuntimeError("boom")

    monkeypatch.setattr(Connection, "cloud", broken)
    args = ["-p", "aws", "-r", "us-east-1", "fleets", "list"]
    quiet = CliRunner().invoke(cli, args, env=ENV)
    assert quiet.exit_code == ExitCode.ERROR
    assert quiet.stderr.strip() == ("streamkit: unexpected error: RuntimeError: boom (run again "
                                    "with --debug for the traceback)")
    loud = CliRunner().invoke(cli, ["--debug", *args], env=ENV)
    assert loud.exit_code == ExitCode.ERROR
    assert "Traceback" in loud.stderr


# Conveniences ------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", ["aws", "alibaba"])
def test_emulator_option_brings_its_credentials_and_region(
        emulator: Emulator, provider: str) -> None:
    env = {**ENV, "AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None,
           "ALIBABA_CLOUD_ACCESS_KEY_ID": None, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": None}
    address = emulator.aws_endpoint if provider == "aws" else emulator.alibaba_endpoint
    result = CliRunner().invoke(cli, ["--emulator", address, "-p", provider, "-o", "json",
                                      "images", "list"], env=env)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)
    both = CliRunner().invoke(cli, ["--emulator", address, "--endpoint", address,
                                    "-p", provider, "images", "list"], env=env)
    assert both.exit_code == ExitCode.BAD_INPUT


def test_capabilities(run: Cli) -> None:
    doc = run.json("capabilities")
    cloud = run.harness.cloud
    assert doc["capabilities"] == sorted(c.value for c in cloud.capabilities)
    assert set(doc["hints"]) == {c.value for c in cloud.hints}


def test_demo_command_runs_the_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []

    def fake_main() -> int:
        calls.append(True)
        return 0

    monkeypatch.setattr("streamkit.demo.main", fake_main)
    assert CliRunner().invoke(cli, ["demo"]).exit_code == 0
    assert calls == [True]
