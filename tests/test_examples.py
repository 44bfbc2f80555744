"""Every example runs against the emulator (the pytest example is collected from examples/)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from streamkit import FleetState
from tests.harness import Harness

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_deploy_and_wait(harness: Harness, capsys: pytest.CaptureFixture[str]) -> None:
    fleet = _load("deploy_and_wait").run(harness.cloud, "example", harness.instance_type,
                                         harness.base_image)
    assert fleet.state is FleetState.RUNNING
    assert "RUNNING" in capsys.readouterr().out
