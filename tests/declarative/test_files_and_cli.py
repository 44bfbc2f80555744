"""Desired states from files (errors naming file, line and field), the example, and the
``plan`` / ``apply`` commands with their exit codes."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

import streamkit
from streamkit import FleetType, SpecFileError, load_desired
from streamkit.cli import cli
from tests.harness import Harness
from tests.test_cli import ENV, Cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE_FILES = {"aws": EXAMPLES / "deployment.toml",
                 "alibaba": EXAMPLES / "deployments-alibaba.yaml"}
EXAMPLE_USERS = {"aws": ["alice@example.com"], "alibaba": []}


def test_the_example_files_load() -> None:
    one = load_desired(EXAMPLE_FILES["aws"])
    (design,) = one.deployments
    assert (one.name, design.name, design.users) == ("design", "design", ("alice@example.com",))
    assert design.fleet.fleet_type is FleetType.ALWAYS_ON and design.fleet.desired_capacity == 2
    two = load_desired(EXAMPLE_FILES["alibaba"])
    assert [d.name for d in two.deployments] == ["design", "render"]
    scaling = two.deployments[1].fleet.scaling
    assert scaling is not None and (scaling.max_capacity, scaling.step) == (4, 1)


def test_the_same_state_in_json(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"users": ["bob"], "stack": {"name": "s"}, "fleet": {
        "name": "f", "instance_type": "stream.standard.small", "image_id": "img"}}))
    state = load_desired(path)
    assert (state.name, state.deployments[0].users) == ("state", ("bob",))


@pytest.mark.parametrize(("text", "line", "field", "rule"), [
    ('[stack]\nname = "s"\n[fleet]\nname = "f"\ninstance_type = "t.1"\nimage_id = "i"\n'
     'desired_capacity = -1\n', 7, "fleet.desired_capacity", ">= 0"),
    ('[stack]\nname = "s"\ncolour = "red"\n[fleet]\nname = "f"\n', 3, "stack.colour",
     "is not a field of StackSpec"),
    ('[stack]\nname = "s"\n[fleet]\nname = "f"\ninstance_type = "t.1"\nimage_id = "i"\n'
     'fleet_type = "SOMETIMES"\n', 7, "fleet.fleet_type", "must be one of ALWAYS_ON"),
    ('[stack]\nname = "s"\n[fleet]\nname = "f"\nimage_id = "i"\n', 3, "fleet.instance_type",
     "is required"),
    ('[stack]\nname = "s"\n[fleet\n', 3, "", "is not valid TOML"),
    ('name = "n"\n[[deployments]]\n[deployments.stack]\nname = "a"\n[deployments.fleet]\n'
     'name = "f"\ninstance_type = "t.1"\nimage_id = "i"\n[[deployments]]\n'
     '[deployments.stack]\nname = "b"\n[deployments.fleet]\nname = "f"\n'
     'instance_type = "t.1"\nimage_id = "i"\n', None, "deployments[1].fleet.name",
     "is used by another deployment"),
])
def test_errors_name_the_file_the_line_and_the_field(tmp_path: Path, text: str,
                                                     line: int | None, field: str,
                                                     rule: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(SpecFileError) as info:
        load_desired(path)
    error = info.value
    assert (error.path, error.field) == (str(path), field)
    assert rule in str(error) and str(error).startswith(f"{path}:")
    if line is not None:
        assert error.line == line
    assert isinstance(error, streamkit.ValidationError)


def test_yaml_without_pyyaml_names_the_extra(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml now fails
    path = tmp_path / "state.yaml"
    path.write_text("name: x\n")
    with pytest.raises(SpecFileError, match="pip install pyyaml"):
        load_desired(path)


def test_the_example_applies_on_the_emulator(harness: Harness,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("declarative_apply",
                                                  EXAMPLES / "declarative_apply.py")
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    harness.add_users(EXAMPLE_USERS[harness.provider])
    path = str(EXAMPLE_FILES[harness.provider])
    assert example.run(harness.cloud, path).changed
    assert not example.run(harness.cloud, path).changed
    assert "No changes" in capsys.readouterr().out


def test_plan_and_apply_commands_exit_like_detailed_exitcode(harness: Harness,
                                                             tmp_path: Path) -> None:
    cli_ = Cli(harness)  # the command waits on the system clock: fleets start at once
    if harness.provider == "aws":
        harness.emulator.aws.timings = attrs.evolve(harness.emulator.aws.timings, fleet_start=0)
    else:
        harness.emulator.alibaba.set_timings(group_deploy=0)
    harness.add_users(EXAMPLE_USERS[harness.provider])
    path = str(EXAMPLE_FILES[harness.provider])

    def invoke(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, [*cli_.base, *args], env=ENV)
        return result.exit_code, result.stdout, result.stderr

    code, out, _ = invoke("plan", "-f", path)
    assert code == 2 and "create" in out
    code, out, _ = invoke("-o", "json", "plan", "-f", path)
    assert code == 2 and json.loads(out)["changes"] is True
    code, _, err = invoke("apply", "-f", path)  # stdin is no terminal: it asks for --yes
    assert code == 1 and "--yes" in err
    code, out, _ = invoke("apply", "-f", path, "--yes")
    assert code == 0 and "Applied" in out
    code, out, _ = invoke("plan", "-f", path)
    assert code == 0 and "No changes" in out
    code, out, _ = invoke("apply", "-f", path, "--yes")
    assert code == 0 and "nothing was sent" in out
    missing = str(tmp_path / "nope.toml")
    code, _, err = invoke("plan", "-f", missing)
    assert code == 1 and "nope.toml" in err and err.count("streamkit: ") == 1
