"""The conventions of aws cli, gh and kubectl: global options anywhere on the line, profiles,
environment defaults, ``--query``, and help for a group given no verb."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from streamkit.cli import cli
from streamkit.cli.output import ExitCode
from streamkit.testing.emulator import DEFAULT_CREDENTIALS
from tests.test_cli import ENV, Cli, assert_one_line_error


def _place(run: Cli) -> tuple[str, str, str]:
    """The provider, region and endpoint of ``run.base``."""
    return run.base[1], run.base[3], run.base[5]


def _invoke(args: list[str], env: dict[str, str | None] | None = None,
            code: ExitCode = ExitCode.OK) -> str:
    result = CliRunner().invoke(cli, args, env={**ENV, **(env or {})})
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result.stdout


def test_global_options_work_after_the_subcommand(run: Cli) -> None:
    fleet_id = run.deploy("anywhere")["fleet"]["id"]
    provider, region, endpoint = _place(run)
    after = _invoke(["fleets", "list", "-p", provider, "-r", region, "--endpoint", endpoint,
                     "-o", "json"])
    assert [f["id"] for f in json.loads(after)] == [fleet_id]
    between = _invoke(["-p", provider, "fleets", "--region", region, "list",
                       "--endpoint", endpoint, "--output", "json"])
    assert json.loads(between) == json.loads(after)
    waited = _invoke(["wait", "-p", provider, "fleet-running", fleet_id, "-r", region,
                      "--endpoint", endpoint, "--timeout", "0"], code=ExitCode.TIMEOUT)
    assert waited == ""


def test_the_subcommand_value_overrides_the_group_value(run: Cli) -> None:
    run.deploy("override")
    provider, region, endpoint = _place(run)
    other = "eu-west-1" if provider == "aws" else "cn-beijing"
    table = _invoke(["-p", provider, "-r", other, "--endpoint", endpoint, "-o", "json",
                     "fleets", "list", "-r", region, "-o", "table"])
    assert "override" in table and not table.startswith("[")
    assert json.loads(_invoke(["-p", provider, "-r", region, "--endpoint", endpoint,
                               "fleets", "list", "-r", other, "-o", "json"])) == []


def test_environment_defaults(run: Cli) -> None:
    run.deploy("from-env")
    provider, region, endpoint = _place(run)
    env: dict[str, str | None] = {"STREAMKIT_PROVIDER": provider, "STREAMKIT_REGION": region,
                                  "STREAMKIT_ENDPOINT": endpoint}
    assert "from-env" in _invoke(["stacks", "list"], env=env)
    other = "eu-west-1" if provider == "aws" else "cn-beijing"
    assert json.loads(_invoke(["stacks", "list", "-r", other, "-o", "json"], env=env)) == []


def test_debug_after_the_subcommand_logs_the_calls(run: Cli) -> None:
    result = run("stacks", "list", "--debug")
    assert "streamkit" in result.stderr and "DEBUG" in result.stderr


def test_query_selects_from_the_json(run: Cli) -> None:
    deployment = run.deploy("query")
    fleet_id = deployment["fleet"]["id"]
    ids = run("fleets", "list", "--query", "[].id").stdout
    assert json.loads(ids) == [fleet_id]  # --query implies JSON
    state = run("--query", "fleet.state", "deploy", "--stack", "query-two", "--fleet",
                "query-two-fleet", "--instance-type", run.harness.instance_type,
                "--image", run.harness.base_image).stdout
    assert json.loads(state) == "STARTING"
    refused = run("fleets", "list", "--query", "[[", code=ExitCode.BAD_INPUT)
    assert "--query" in refused.stderr and "JMESPath" in refused.stderr


def test_a_group_without_a_verb_prints_its_help() -> None:
    for group in ("fleets", "wait", "image-builders"):
        result = CliRunner().invoke(cli, [group], env=ENV)
        assert result.exit_code == ExitCode.BAD_INPUT
        assert result.stderr.startswith(f"Usage: streamkit {group} ")
        assert "\nCommands:\n" in result.stderr
        assert result.stderr.count("\n") > 10  # the help as click lays it out, not one line
        assert "The global options (-p, -r, --profile" in result.stderr


def test_aws_profile(run: Cli, tmp_path: Path) -> None:
    if run.harness.provider != "aws":
        return
    run.deploy("profiled")
    keys = DEFAULT_CREDENTIALS["aws"]
    config = tmp_path / "config"
    config.write_text(f"[profile emu]\nregion = {run.base[3]}\n"
                      f"aws_access_key_id = {keys['access_key_id']}\n"
                      f"aws_secret_access_key = {keys['secret_access_key']}\n")
    env: dict[str, str | None] = {
        "AWS_CONFIG_FILE": str(config), "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
        "AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None}
    base = ["-p", "aws", "--endpoint", run.base[5]]
    listed = _invoke([*base, "stacks", "list", "--profile", "emu", "-o", "json"], env=env)
    assert [s["name"] for s in json.loads(listed)] == ["profiled"]  # its keys and region
    unnamed = CliRunner().invoke(cli, [*base, "stacks", "list"], env=env)
    assert unnamed.exit_code == ExitCode.BAD_INPUT  # no region without the profile
    assert "--region is required" in unnamed.stderr
    missing = CliRunner().invoke(cli, [*base, "--profile", "nope", "stacks", "list"], env=env)
    assert missing.exit_code == ExitCode.BAD_INPUT
    assert_one_line_error(missing)
    assert "no AWS profile 'nope'" in missing.stderr


def test_alibaba_cli_profile(run: Cli, tmp_path: Path) -> None:
    if run.harness.provider != "alibaba":
        return
    run.deploy("profiled")
    keys = DEFAULT_CREDENTIALS["alibaba"]
    (tmp_path / ".aliyun").mkdir()
    (tmp_path / ".aliyun" / "config.json").write_text(json.dumps({
        "current": "emu",
        "profiles": [
            {"name": "emu", "mode": "AK", "access_key_id": keys["access_key_id"],
             "access_key_secret": keys["access_key_secret"], "region_id": run.base[3]},
            {"name": "role", "mode": "RamRoleArn", "access_key_id": "x",
             "access_key_secret": "y", "region_id": "cn-hangzhou"},
        ]}))
    env: dict[str, str | None] = {"HOME": str(tmp_path), "ALIBABA_CLOUD_ACCESS_KEY_ID": None,
                                  "ALIBABA_CLOUD_ACCESS_KEY_SECRET": None}
    base = ["-p", "alibaba", "--endpoint", run.base[5]]
    listed = _invoke([*base, "--profile", "emu", "stacks", "list", "-o", "json"], env=env)
    assert [s["name"] for s in json.loads(listed)] == ["profiled"]  # its keys and region
    for profile, words in (("role", "has mode 'RamRoleArn'"), ("nope", "not found in")):
        result = CliRunner().invoke(cli, [*base, "--profile", profile, "stacks", "list"],
                                    env=env)
        assert result.exit_code == ExitCode.BAD_INPUT, result.stderr
        assert_one_line_error(result)
        assert words in result.stderr and "y" not in result.stderr.split()
