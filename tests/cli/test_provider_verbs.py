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
