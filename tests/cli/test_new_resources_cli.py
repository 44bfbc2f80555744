"""The commands made from the rows added for stack settings, fleet associations, image
sharing and managed image updates."""

from __future__ import annotations

from streamkit.cli.output import ExitCode
from tests.test_cli import Cli


def test_stacks_update_takes_settings(run: Cli) -> None:
    stack_id = run.deploy("settings")["stack"]["id"]
    shown = run.json("stacks", "update", stack_id, "--setting",
                     "skip_user_auth_check=true" if run.harness.provider == "alibaba"
                     else "file_upload=false", "--setting", "persistent_app_settings=off")
    if run.harness.provider == "aws":
        assert shown["settings"]["file_upload"] is False
        assert shown["settings"]["persistent_app_settings"] is False
    else:
        assert shown["settings"]["skip_user_auth_check"] is True
    run("stacks", "update", stack_id, "--setting", "teleport=yes", code=ExitCode.BAD_INPUT)
    run("stacks", "update", stack_id, "--setting", "printing=maybe", code=ExitCode.BAD_INPUT)


def test_fleets_stacks_lists_the_stacks_a_fleet_serves(run: Cli) -> None:
    deployment = run.deploy("served")
    fleet_id, stack_id = deployment["fleet"]["id"], deployment["stack"]["id"]
    assert run.json("fleets", "stacks", fleet_id) == [stack_id]
