"""``streamkit inventory``: one listing across regions, each region's failure kept."""

from __future__ import annotations

import json

from streamkit.cli.output import ExitCode
from tests.test_cli import Cli


def _other_region(run: Cli) -> str:
    return "eu-west-1" if run.harness.provider == "aws" else "cn-beijing"


def test_inventory_across_regions(run: Cli) -> None:
    fleet_id = run.deploy("everywhere")["fleet"]["id"]
    home, other = run.base[3], _other_region(run)
    found = run.json("inventory", "fleets", "-r", home, "-r", other)
    assert found["errors"] == {}
    assert [f["id"] for f in found["results"][home]] == [fleet_id]
    assert found["results"][other] == []
    table = run("inventory", "stacks", "-r", other, "-r", home).stdout
    assert table.splitlines()[0].split()[:2] == ["REGION", "ID"]
    assert home in table and "everywhere" in table
    # without -r of its own, the global region
    only = run.json("inventory", "fleets")
    assert list(only["results"]) == [home]
    ids = run("inventory", "fleets", "-r", home, "--query", f'results."{home}"[].id').stdout
    assert json.loads(ids) == [fleet_id]


def test_a_failing_region_keeps_the_others(run: Cli) -> None:
    fleet_id = run.deploy("partly")["fleet"]["id"]
    home = run.base[3]
    result = run("inventory", "fleets", "-r", "not a region", "-r", home, "-o", "json",
                 code=ExitCode.BAD_INPUT)
    doc = json.loads(result.stdout)
    assert [f["id"] for f in doc["results"][home]] == [fleet_id]
    error = doc["errors"]["not a region"]
    assert error["exit_code"] == ExitCode.BAD_INPUT
    assert error["message"].startswith("bad input: region")
    assert result.stderr.startswith("streamkit: not a region: bad input: region")

    run.harness.emulator.faults.add("throttle", provider=run.harness.provider, count=1)
    table = run("--max-attempts", "1", "inventory", "images", "-r", home,
                code=ExitCode.UNAVAILABLE)
    assert table.stderr.startswith(f"streamkit: {home}: throttled: ")


def test_inventory_needs_a_region_and_a_listable_resource(run: Cli) -> None:
    run.base = run.base[:2] + run.base[4:]  # no --region
    run("inventory", "fleets", code=ExitCode.BAD_INPUT)
    run("inventory", "sessions", "-r", "us-east-1", code=ExitCode.BAD_INPUT)
