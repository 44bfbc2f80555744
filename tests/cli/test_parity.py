"""Every public method of the services has a command (or a reason for none), and the rows
added for parity with the library work: fast launch, and paging of id listings."""

from __future__ import annotations

import inspect
import json

from streamkit.cli.output import ExitCode
from streamkit.cli.resources import CLOUD, NOT_COMMANDS, RESOURCES
from tests.test_cli import Cli

WINDOWS_AMI = "ami-0a1b2c3d4e5f60001"  # one of the emulator's EC2 images


def _public_methods(service: object) -> set[str]:
    return {name for name, value in inspect.getmembers(type(service))
            if not name.startswith("_") and callable(value)}


def test_every_public_service_method_has_a_row_or_a_reason(run: Cli) -> None:
    cloud = run.harness.cloud
    services = {"stacks", "fleets", "images", "image_builders", "sessions", "fast_launch",
                CLOUD}
    assert services <= {group.service for group in RESOURCES}
    ours = [group for group in RESOURCES if group.namespace in (None, run.harness.provider)]
    for group in ours:
        if group.service == CLOUD:  # the client's reads (deploy, waits: commands of their own)
            assert {verb.method for verb in group.verbs} == {"regions", "instance_types"}
            continue
        service = group.of(cloud)
        rows = {verb.method for verb in group.verbs}
        twins = {f"{verb.method}_page" for verb in group.verbs if verb.pages}
        for method in sorted(_public_methods(service) - rows - twins):
            assert NOT_COMMANDS.get(f"{group.service}.{method}"), \
                f"{group.service}.{method} has no row in RESOURCES and no reason in NOT_COMMANDS"
    for name in NOT_COMMANDS:  # no stale reasons
        service_name, _, method = name.rpartition(".")
        group = next(g for g in RESOURCES if g.service == service_name)
        if group not in ours:
            continue
        assert method in _public_methods(group.of(cloud))
        assert method not in {verb.method for verb in group.verbs}


def test_fast_launch_commands(run: Cli) -> None:
    if run.harness.provider != "aws":
        refused = run("fast-launch", "list", code=ExitCode.UNSUPPORTED)
        assert "fast launch" in refused.stderr.lower()
        return
    enabled = run.json("fast-launch", "enable", WINDOWS_AMI, "--max-parallel-launches", "6",
                       "--target-resource-count", "2", "--launch-template", "win-lt:$Latest")
    assert (enabled["image_id"], enabled["state"]) == (WINDOWS_AMI, "ENABLING")
    assert enabled["launch_template"] == {"id": None, "name": "win-lt", "version": "$Latest"}
    listed = run("fast-launch", "list", "--filter", "state=enabling", "--query",
                 "[].image_id").stdout
    assert json.loads(listed) == [WINDOWS_AMI]
    run.harness.advance(3600)
    waited = run.json("wait", "fast-launch-enabled", WINDOWS_AMI)
    assert waited["state"] == "ENABLED"
    assert WINDOWS_AMI in run("fast-launch", "get", WINDOWS_AMI).stdout
    disabled = run.json("fast-launch", "disable", WINDOWS_AMI, "--force")
    assert disabled["state"] == "DISABLING"
    run("fast-launch", "enable", WINDOWS_AMI, "--launch-template", "no-version",
        code=ExitCode.BAD_INPUT)
    run("fast-launch", "list", "--filter", "colour=blue", code=ExitCode.BAD_INPUT)


def test_id_listings_page_like_listings(run: Cli) -> None:
    stack_id = run.deploy("paged-users")["stack"]["id"]
    users = ["ann@example.com", "bob@example.com"]
    run.harness.add_users(users)
    run("stacks", "authorize", stack_id, *users)
    first = run.json("stacks", "users", stack_id, "--page-size", "1")
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = run.json("stacks", "users", stack_id, "--page-size", "1",
                      "--cursor", first["next_cursor"])
    assert sorted(first["items"] + second["items"]) == users
    table = run("stacks", "users", stack_id, "--page-size", "1")
    assert table.stdout.strip() in users and "next cursor: " in table.stderr


