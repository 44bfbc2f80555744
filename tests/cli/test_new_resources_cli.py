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


def test_images_share_permissions_unshare_and_update(run: Cli) -> None:
    if run.harness.provider != "aws":
        run("images", "share", "img-1", "210987654321", code=ExitCode.UNSUPPORTED)
        return
    image_id = run.harness.emulator.aws.add_image("cli-golden").rsplit("/", 1)[-1]
    done = run.json("images", "share", image_id, "210987654321", "--no-builders")
    assert done == {"action": "images.share", "id": image_id, "account": "210987654321"}
    assert run.json("images", "permissions", image_id) == [
        {"account_id": "210987654321", "fleets": True, "builders": False}]
    assert "210987654321" in run("images", "permissions", image_id).stdout
    run("images", "unshare", image_id, "210987654321")
    assert run.json("images", "permissions", image_id) == []
    asked = run.json("images", "update", image_id, "cli-patched", "--dry-run")
    assert asked["dry_run"] is True and asked["updates_available"] is True
    made = run.json("images", "update", image_id, "cli-patched", "--tag", "team=a")
    assert made["image"]["id"] == "cli-patched" and made["image"]["state"] == "PENDING"


def test_fleet_fields_on_deploy_and_update(run: Cli) -> None:
    h = run.harness
    deployment = run.json("deploy", "--stack", "fields", "--fleet", "fields-fleet",
                          "--instance-type", h.instance_type, "--image", h.base_image,
                          "--sessions-per-instance", "2")
    fleet_id = deployment["fleet"]["id"]
    assert run.json("fleets", "get", fleet_id)["max_sessions_per_instance"] == 2
    if h.provider == "alibaba":
        run("fleets", "update", fleet_id, "--iam-role", "arn:aws:iam::123456789012:role/r",
            code=ExitCode.UNSUPPORTED)
        return
    run("fleets", "update", fleet_id, "--iam-role", "arn:aws:iam::123456789012:role/r",
        code=ExitCode.PROVIDER_ERROR)  # a running fleet takes no new role
