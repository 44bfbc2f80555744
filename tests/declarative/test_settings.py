"""Stack settings in a desired state: set on create, diffed field by field, drift corrected,
and a setting a provider cannot hold refused before any call."""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest
from botocore.config import Config

import streamkit
from streamkit import (
    DesiredDeployment,
    DesiredState,
    FleetSpec,
    FleetType,
    PlanBlocked,
    StackSettings,
    StackSpec,
    load_desired,
)
from streamkit.declarative import How
from streamkit.testing import Emulator
from tests.harness import AwsHarness, Harness

#: a setting each cloud both sets and reports back, and one it cannot hold at all
SETTINGS = {"aws": StackSettings(printing=False, embed_host_domains=("example.com",)),
            "alibaba": StackSettings(skip_user_auth_check=True)}
CHANGED = {"aws": StackSettings(printing=True, embed_host_domains=("example.com",)),
           "alibaba": StackSettings(skip_user_auth_check=False)}
FOREIGN = {"aws": StackSettings(streaming_mode="MIX"), "alibaba": StackSettings(printing=True)}


def _state(harness: Harness, settings: StackSettings) -> DesiredState:
    return DesiredState(name="s", deployments=[DesiredDeployment(
        stack=StackSpec(name="design", settings=settings),
        fleet=FleetSpec(name="design-fleet", instance_type=harness.instance_type,
                        image_id=harness.base_image, fleet_type=FleetType.ALWAYS_ON,
                        desired_capacity=1))])


def test_settings_are_set_then_changed_in_place(harness: Harness) -> None:
    cloud = harness.cloud
    provider = harness.provider
    cloud.apply(_state(harness, SETTINGS[provider]))
    assert not cloud.plan(_state(harness, SETTINGS[provider])).changes
    changed = _state(harness, CHANGED[provider])
    (action,) = cloud.plan(changed).actions
    assert (action.kind, action.resource, action.disruptive) == (How.UPDATE, "stack", False)
    assert [c.field for c in action.changes] == [
        "stack.settings.printing" if provider == "aws" else "stack.settings.skip_user_auth_check"]
    cloud.apply(changed)
    assert not cloud.plan(changed).changes


def test_a_setting_the_provider_cannot_hold_is_refused_before_any_call(
        harness: Harness) -> None:
    calls: list[str] = []
    cloud = harness.connect(hooks=streamkit.Hooks(on_call=lambda r: calls.append(r.operation)))
    state = _state(harness, FOREIGN[harness.provider])
    (problem,) = cloud.plan(state).problems
    assert problem.field.startswith("stack.settings.")
    with pytest.raises(PlanBlocked):
        cloud.apply(state)
    assert all(c.startswith(("Describe", "List", "Get")) for c in calls)


def test_settings_drift_made_with_boto3_is_planned_and_corrected(emulator: Emulator) -> None:
    harness = AwsHarness(emulator)
    cloud, state = harness.cloud, _state(harness, SETTINGS["aws"])
    cloud.apply(state)
    creds = harness.emulator.credentials["aws"]
    boto3.client("appstream", region_name="us-east-1", endpoint_url=harness.emulator.aws_endpoint,
                 aws_access_key_id=creds["access_key_id"],
                 aws_secret_access_key=creds["secret_access_key"],
                 config=Config(retries={"total_max_attempts": 1})).update_stack(
        Name="design", UserSettings=[{"Action": "PRINTING_TO_LOCAL_DEVICE",
                                      "Permission": "ENABLED"}])
    (action,) = cloud.plan(state).actions
    assert action.changes == (streamkit.Change(field="stack.settings.printing", before=True,
                                               after=False),)
    cloud.apply(state)
    assert cloud.stacks.get("design").settings.printing is False


def test_settings_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('[stack]\nname = "s"\n[stack.settings]\nprinting = false\n'
                    'storage_connectors = [{kind = "HOMEFOLDERS"}]\n'
                    '[fleet]\nname = "f"\ninstance_type = "t.1"\nimage_id = "i"\n')
    settings = load_desired(path).deployments[0].stack.settings
    assert settings.printing is False
    assert [c.kind for c in settings.storage_connectors or ()] == ["HOMEFOLDERS"]
    path.write_text('[stack]\nname = "s"\n[stack.settings]\nprinting = "no"\n'
                    '[fleet]\nname = "f"\ninstance_type = "t.1"\nimage_id = "i"\n')
    with pytest.raises(streamkit.SpecFileError) as info:
        load_desired(path)
    assert (info.value.line, info.value.field) == (4, "stack.settings.printing")
