"""Every example runs against the emulator (the pytest example is collected from examples/)."""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

import streamkit
from streamkit import FleetState
from streamkit.testing import Emulator
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


def _running_fleet(harness: Harness, name: str, desired: int = 2,
                   cloud: streamkit.StreamingCloud | None = None) -> streamkit.Deployment:
    cloud = cloud or harness.cloud
    deployment = cloud.deploy(harness.deployment_spec(name, desired))
    cloud.wait_until_fleet_running(deployment.fleet.id)  # instant: the emulator clock jumps
    return deployment


REGIONS = {"aws": ("us-east-1", "eu-west-1"), "alibaba": ("cn-shanghai", "cn-hangzhou")}


def test_nightly_scale_down_across_regions(harness: Harness) -> None:
    clouds = [harness.connect(region=region) for region in REGIONS[harness.provider]]
    busy = _running_fleet(harness, "busy", 3, clouds[0])
    idle = _running_fleet(harness, "idle", 3, clouds[1])
    harness.add_session(busy.stack.id, busy.fleet.id, "alice")
    stopped: list[str] = []
    if streamkit.Capability.FLEET_START_STOP in harness.cloud.capabilities:
        parked = _running_fleet(harness, "parked", 3, clouds[0])
        clouds[0].fleets.stop(parked.fleet.id)
        stopped.append(parked.fleet.id)

    changes = _load("nightly_scale_down").run(clouds, floor=0)

    floor = 0 if harness.provider == "aws" else 1  # an Alibaba node pool keeps one node
    assert [(c.region, c.fleet_id, c.before, c.after, c.error) for c in changes] == [
        (clouds[0].region, busy.fleet.id, 3, 1, None),   # alice's session stays
        (clouds[1].region, idle.fleet.id, 3, floor, None),
    ]
    assert clouds[1].fleets.get(idle.fleet.id).capacity.desired == floor
    for fleet_id in stopped:  # only RUNNING fleets are touched
        assert clouds[0].fleets.get(fleet_id).capacity.desired == 3


def test_nightly_scale_down_reports_a_failing_region_and_goes_on(harness: Harness) -> None:
    unreachable = {"endpoint_url": "http://127.0.0.1:1"} if harness.provider == "aws" \
        else {"endpoint": "127.0.0.1:1"}
    down = harness.connect(retry=streamkit.RetryPolicy(max_attempts=1), **unreachable)
    fleet = _running_fleet(harness, "night", 2).fleet
    changes = _load("nightly_scale_down").run([down, harness.cloud], floor=1)
    assert changes[0].error is not None and changes[0].fleet_id == "*"
    assert (changes[1].fleet_id, changes[1].after, changes[1].error) == (fleet.id, 1, None)


def _add_image(harness: Harness, name: str) -> str:
    if harness.provider == "aws":
        harness.emulator.aws.add_image(name)
        return name
    return harness.emulator.alibaba.add_image(name, regions=["cn-shanghai"])


def test_rotate_fleet_image(harness: Harness, capsys: pytest.CaptureFixture[str]) -> None:
    fleet = _running_fleet(harness, "rotate").fleet
    new_image = _add_image(harness, "apps-v2")

    rotated = _load("rotate_fleet_image").run(harness.cloud, fleet.id, new_image)

    assert (rotated.state, rotated.image_id) == (FleetState.RUNNING, new_image)
    assert harness.cloud.fleets.get(fleet.id).image_id == new_image
    assert f"-> {new_image}" in capsys.readouterr().out


def test_expire_idle_sessions(harness: Harness) -> None:
    deployment = _running_fleet(harness, "desk", 2)
    stack_id, fleet_id = deployment.stack.id, deployment.fleet.id
    emu = harness.emulator
    if harness.provider == "aws":
        idle = emu.aws.add_session(stack_id, fleet_id, "idle-user",
                                   connection_state="NOT_CONNECTED")
    else:
        idle = emu.alibaba.add_session(stack_id, "idle-user", session_status="disconnect")
    busy = harness.add_session(stack_id, fleet_id, "busy-user")
    example = _load("expire_idle_sessions")

    assert [s.id for s in example.run(harness.cloud, dry_run=True)] == [idle]
    assert [s.id for s in example.run(harness.cloud, [stack_id])] == [idle]

    left = {s.id: s.state for s in harness.cloud.sessions.list(stack_id)}
    assert left.get(busy) is streamkit.SessionState.ACTIVE
    assert left.get(idle, streamkit.SessionState.EXPIRED) is streamkit.SessionState.EXPIRED
    assert example.idle_sessions(harness.cloud) == []


def test_build_image(harness: Harness, capsys: pytest.CaptureFixture[str]) -> None:
    example = _load("build_image")
    captured: list[str] = []

    def image_assistant(builder: streamkit.ImageBuilder, image_name: str) -> None:
        # what a person does inside the AWS builder; the emulator plays it
        harness.emulator.aws.image_assistant_create_image(builder.id, image_name)
        captured.append(image_name)

    image = example.run(harness.cloud, "builder", harness.base_image, harness.instance_type,
                        "built-image", capture=image_assistant)

    assert image.state is streamkit.ImageState.AVAILABLE
    assert harness.cloud.images.get(image.id).name == "built-image"
    assert list(harness.cloud.image_builders.list()) == []  # cleaned up
    can_capture = streamkit.Capability.IMAGE_BUILDER_CREATE_IMAGE in harness.cloud.capabilities
    assert captured == ([] if can_capture else ["built-image"])
    if not can_capture:
        assert "Image Assistant" in capsys.readouterr().out


def test_build_image_without_a_capture_step(harness: Harness) -> None:
    example = _load("build_image")
    if streamkit.Capability.IMAGE_BUILDER_CREATE_IMAGE in harness.cloud.capabilities:
        image = example.run(harness.cloud, "builder", harness.base_image,
                            harness.instance_type, "api-built")
        assert image.state is streamkit.ImageState.AVAILABLE
    else:  # AWS: no API for it, and the error says what to do instead
        with pytest.raises(streamkit.UnsupportedOperation, match="Image Assistant"):
            example.run(harness.cloud, "builder", harness.base_image, harness.instance_type,
                        "never-built")
    assert list(harness.cloud.image_builders.list()) == []


DOCS = EXAMPLES.parent / "docs"
PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def _doc_samples() -> list[tuple[str, str]]:
    return [(f"{page.name}#{n}", block) for page in sorted(DOCS.glob("*.md"))
            for n, block in enumerate(PYTHON_BLOCK.findall(page.read_text()))]


@pytest.mark.parametrize(("where", "code"), _doc_samples(), ids=lambda v: v.split("\n")[0])
def test_doc_samples_compile_and_name_real_api(where: str, code: str,
                                               emulator: Emulator) -> None:
    compile(code, where, "exec")
    provider = "alibaba" if "cloud.alibaba" in code else "aws"  # an extension's own cloud
    cloud = streamkit.connect(provider, **emulator.connect_args(provider))
    roots: dict[str, object] = {"streamkit": streamkit, "cloud": cloud, "emu": emulator,
                                "streamkit_emulator": emulator}
    for root, path in re.findall(r"\b(streamkit|cloud|emu|streamkit_emulator)((?:\.\w+)+)",
                                 code):
        target: object = roots[root]
        for name in path.strip(".").split("."):
            if isinstance(target, ModuleType) and not hasattr(target, name):
                importlib.import_module(f"{target.__name__}.{name}")
            assert hasattr(target, name), f"{where}: {root}{path}"
            target = getattr(target, name)
            if not isinstance(target, (ModuleType, type)) and not callable(target) \
                    and root != "streamkit":
                break  # a value (e.g. a Fleet field): the rest is its attributes
