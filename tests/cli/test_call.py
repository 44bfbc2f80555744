"""``streamkit call``: any operation of the provider's API, from the command line."""

from __future__ import annotations

from streamkit.cli.output import ExitCode
from tests.test_cli import Cli


def test_call_prints_the_answer_as_json(run: Cli) -> None:
    stack_id = run.deploy("raw-cli")["stack"]["id"]
    if run.harness.provider == "aws":
        answer = run.json("call", "DescribeStacks", "--params", f'{{"Names": ["{stack_id}"]}}')
        assert answer["Stacks"][0]["Name"] == stack_id
        assert "T" in answer["Stacks"][0]["CreatedTime"]  # a datetime, printed ISO 8601
        run("call", "DescribeFleets", "--params", '{"Names": ["nope"]}', code=ExitCode.NOT_FOUND)
    else:
        answer = run.json("call", "GetAppInstanceGroup", "--params",
                          f'{{"AppInstanceGroupId": "{stack_id}", "ProductType": "CloudApp"}}')
        assert answer["AppInstanceGroupModels"]["AppInstanceGroupId"] == stack_id
    run("call", "NoSuchOperation", code=ExitCode.BAD_INPUT)
    run("call", "ListRegions", "--params", "[1]", code=ExitCode.BAD_INPUT)
    run("call", "ListRegions", "--params", "{nope", code=ExitCode.BAD_INPUT)
