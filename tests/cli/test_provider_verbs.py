"""Commands for what one provider has and the other refuses: discovery, subscriptions."""

from __future__ import annotations

from streamkit.cli.output import ExitCode
from tests.test_cli import Cli


def test_catalog_commands(run: Cli) -> None:
    regions = run.json("catalog", "regions")
    assert run.harness.cloud.region in [r["id"] for r in regions]
    types = run.json("catalog", "instance-types")
    assert run.harness.instance_type in [t["name"] for t in types]
    table = run("catalog", "instance-types").stdout
    assert "VCPU" in table and run.harness.instance_type in table


def test_deploy_buys_a_subscription_on_alibaba_only(run: Cli) -> None:
    h = run.harness
    args = ("deploy", "--stack", "bought", "--fleet", "bought-fleet", "--instance-type",
            h.instance_type, "--image", h.base_image, "--subscription", "3Month",
            "--auto-renew")
    if h.provider == "aws":
        refused = run(*args, code=ExitCode.UNSUPPORTED)
        assert "billed by the hour" in refused.stderr
        return
    deployed = run.json(*args)
    assert h.cloud.fleets.get(deployed["fleet"]["id"]).raw["ChargeType"] == "PrePaid"
    run("deploy", "--stack", "s", "--fleet", "f", "--instance-type", h.instance_type,
        "--image", h.base_image, "--subscription", "4Month", code=ExitCode.BAD_INPUT)
    run("deploy", "--stack", "s", "--fleet", "f", "--instance-type", h.instance_type,
        "--image", h.base_image, "--subscription", "soon", code=ExitCode.BAD_INPUT)


def test_session_bulk_commands(run: Cli) -> None:
    h = run.harness
    deployed = run.deploy("bulk")
    stack_id, fleet_id = deployed["stack"]["id"], deployed["fleet"]["id"]
    h.cloud.wait_until_fleet_running(fleet_id)
    h.add_session(stack_id, fleet_id, "ann")
    if h.provider == "aws":
        run("sessions", "bindings", "--user", "ann", code=ExitCode.UNSUPPORTED)
        run("sessions", "delete-instances", stack_id, "i-1", code=ExitCode.UNSUPPORTED)
    else:
        (binding,) = run.json("sessions", "bindings", "--user", "ann")
        assert binding["stack_id"] == stack_id and binding["user_id"] == "ann"
        idle = h.emulator.alibaba.add_app_instance(stack_id, status="IDLE")
        done = run.json("sessions", "delete-instances", stack_id, idle)
        assert done["instances"] == [idle]
    done = run.json("sessions", "expire-all", stack_id)
    assert (done["action"], done["id"]) == ("sessions.expire-all", stack_id)
    assert [s for s in h.cloud.sessions.list(stack_id) if s.user_id] == []


def test_user_group_commands(run: Cli) -> None:
    h = run.harness
    stack_id = run.deploy("groups")["stack"]["id"]
    if h.provider == "aws":
        refused = run("stacks", "user-groups", stack_id, code=ExitCode.UNSUPPORTED)
        assert "no user groups" in refused.stderr
        return
    group_id = h.emulator.alibaba.add_user_group("design", ["ann"])
    done = run.json("stacks", "authorize-groups", stack_id, group_id)
    assert done["groups"] == [group_id]
    (listed,) = run.json("stacks", "user-groups", stack_id)
    assert (listed["id"], listed["name"]) == (group_id, "design")
    run("stacks", "unauthorize-groups", stack_id, group_id)
    assert run.json("stacks", "user-groups", stack_id) == []


def test_persistent_session_commands(run: Cli) -> None:
    h = run.harness
    deployed = run.deploy("keep")
    stack_id = deployed["stack"]["id"]
    h.cloud.wait_until_fleet_running(deployed["fleet"]["id"])
    if h.provider == "aws":
        run("sessions", "persistent", stack_id, code=ExitCode.UNSUPPORTED)
        run("sessions", "connect", stack_id, "ann", "--persistent", "p-1",
            code=ExitCode.UNSUPPORTED)
        return
    h.emulator.alibaba.set_timings(ticket_ready=0)  # the CLI sleeps for real
    persistent_id = h.emulator.alibaba.add_persistent_session(stack_id, ["ann"], bound=False)
    (listed,) = run.json("sessions", "persistent", stack_id)
    assert listed["persistent_id"] == persistent_id and listed["user_id"] == "ann"
    access = run.json("sessions", "connect", stack_id, "ann", "--persistent", persistent_id)
    assert access["session_id"] == listed["id"]


def test_create_from_instance_command(run: Cli) -> None:
    h = run.harness
    if h.provider == "aws":
        refused = run("images", "create-from-instance", "i-1", "golden",
                      code=ExitCode.UNSUPPORTED)
        assert "Image Assistant" in refused.stderr
        return
    run("images", "create-from-instance", "ws-nosuchstation0000", "golden",
        code=ExitCode.NOT_FOUND)
