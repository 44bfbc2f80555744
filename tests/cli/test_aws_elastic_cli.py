"""``streamkit aws app-blocks|applications ...``: the rows of the Elastic fleet areas."""

from __future__ import annotations

import json

import pytest

from streamkit.cli.output import ExitCode
from streamkit.testing import Emulator
from tests.aws.test_elastic_apps import elastic_fleet
from tests.harness import AwsHarness
from tests.test_cli import Cli

SCRIPT = json.dumps({"script": "s3://apps-bucket/setup.ps1", "executable_path": "run.exe",
                     "timeout_seconds": 60})


@pytest.fixture
def aws_run(emulator: Emulator) -> Cli:
    return Cli(AwsHarness(emulator))


def test_app_blocks_and_applications_from_the_shell(aws_run: Cli) -> None:
    run = aws_run
    block = run.json("aws", "app-blocks", "create", "tools", "--source",
                     "s3://apps-bucket/tools.vhdx", "--setup-script", SCRIPT)
    assert (block["state"], block["setup_script"]["timeout_seconds"]) == ("ACTIVE", 60)
    assert "tools" in run("aws", "app-blocks", "list").stdout
    run("aws", "app-blocks", "create", "bad", "--source", "s3://apps-bucket/x",
        "--setup-script", "{not json", code=ExitCode.BAD_INPUT)
    run("aws", "app-blocks", "create", "bad", "--source", "s3://apps-bucket/x",
        code=ExitCode.BAD_INPUT)  # CUSTOM needs its setup script
    app = run.json("aws", "applications", "create", "edit", block["arn"], "--launch-path",
                   "edit.exe", "--icon", "s3://apps-bucket/edit.png",
                   "--platform", "WINDOWS_SERVER_2019")
    assert app["platforms"] == ["WINDOWS_SERVER_2019"]
    assert run.json("aws", "applications", "update", "edit", "--description",
                    "an editor")["description"] == "an editor"
    elastic_fleet(run.harness.emulator, "elastic")
    run("aws", "applications", "associate", app["arn"], "elastic")
    page = run.json("aws", "applications", "fleets", "--fleet", "elastic", "--page-size", "1")
    assert page["items"] == [{"fleet_id": "elastic", "application_arn": app["arn"]}]
    assert app["arn"] in run("aws", "applications", "fleets", "--fleet", "elastic").stdout
    run("aws", "applications", "disassociate", app["arn"], "elastic")
    run("aws", "applications", "delete", "edit")
    run("aws", "app-blocks", "delete", "tools")
    run("aws", "app-blocks", "get", "tools", code=ExitCode.NOT_FOUND)


def test_app_block_builders_from_the_shell(aws_run: Cli) -> None:
    run = aws_run
    block = run.json("aws", "app-blocks", "create", "office", "--source", "s3://apps-bucket",
                     "--packaging-type", "APPSTREAM2")
    made = run.json("aws", "app-block-builders", "create", "packer", "--instance-type",
                    "stream.standard.small", "--subnet", "subnet-a", "--subnet", "subnet-b",
                    "--security-group", "sg-1")
    assert (made["state"], made["security_group_ids"]) == ("STOPPED", ["sg-1"])
    updated = run.json("aws", "app-block-builders", "update", "packer", "--description", "d")
    assert updated["security_group_ids"] == ["sg-1"]  # not given: unchanged
    run("aws", "app-block-builders", "associate", "packer", block["arn"])
    assert block["arn"] in run("aws", "app-block-builders", "app-blocks").stdout
    assert run.json("aws", "app-block-builders", "start", "packer")["state"] == "STARTING"
    run.harness.advance(run.harness.emulator.aws.timings.builder_start)
    assert run.json("aws", "app-block-builders", "wait-running", "packer",
                    "--timeout", "1m")["state"] == "RUNNING"
    hidden = run("aws", "app-block-builders", "connect", "packer", "--validity", "5m")
    assert "https://" not in hidden.stdout
    shown = run.json("aws", "app-block-builders", "connect", "packer", "--reveal")
    assert "https://" in str(shown)
    run("aws", "app-block-builders", "stop", "packer")
    run.harness.advance(run.harness.emulator.aws.timings.builder_stop)
    assert run.json("aws", "app-block-builders", "wait-stopped",
                    "packer")["state"] == "STOPPED"
    run("aws", "app-block-builders", "delete", "packer", code=ExitCode.PROVIDER_ERROR)


def test_entitlements_from_the_shell(aws_run: Cli) -> None:
    run = aws_run
    stack = run.json("stacks", "create", "saml")["id"]
    made = run.json("aws", "entitlements", "create", stack, "finance", "--attribute",
                    "groups=finance", "--visibility", "ASSOCIATED")
    assert made["attributes"] == [{"name": "groups", "value": "finance"}]
    assert "groups=finance" in run("aws", "entitlements", "list", stack).stdout
    updated = run.json("aws", "entitlements", "update", stack, "finance", "--description", "d")
    assert updated["attributes"] == made["attributes"]  # not given: unchanged
    run("aws", "entitlements", "create", stack, "bad", "--attribute", "groups",
        code=ExitCode.BAD_INPUT)
    assert run.json("aws", "entitlements", "applications", stack, "finance") == []
    run("aws", "entitlements", "delete", stack, "finance")
    run("aws", "entitlements", "get", stack, "finance", code=ExitCode.NOT_FOUND)
