"""StackSettings on both clouds: given at deploy and on update, read back where the cloud
reports them, and a setting a cloud cannot express refused with the field's name."""

from __future__ import annotations

import attrs
import pytest

import streamkit
from streamkit import StackSettings
from tests.harness import Harness

#: per provider: a setting only the other cloud has
FOREIGN = {"aws": {"frame_rate": 30}, "alibaba": {"file_upload": False}}


def test_settings_given_at_deploy_reach_the_cloud(harness: Harness) -> None:
    cloud = harness.cloud
    spec = harness.deployment_spec("kept")
    settings = StackSettings(persistent_app_settings=True, app_settings_group="team")
    deployment = cloud.deploy(attrs.evolve(spec, stack=attrs.evolve(spec.stack,
                                                                     settings=settings)))
    stack = cloud.stacks.get(deployment.stack.id)
    if harness.provider == "aws":
        assert stack.settings == settings
    else:  # a group's answer does not report its StoragePolicy: the emulator saw it
        policies = harness.emulator.alibaba.describe_group(stack.id)["policies"]
        assert policies["StoragePolicy"] == {
            "UserProfile": {"UserProfileSwitch": True, "RemoteStoragePath": "team"}}
        assert stack.settings == StackSettings(skip_user_auth_check=False)


def test_a_setting_the_cloud_lacks_is_refused_by_name(harness: Harness) -> None:
    cloud = harness.cloud
    spec = harness.deployment_spec("foreign")
    (field, value), = FOREIGN[harness.provider].items()
    foreign = attrs.evolve(spec, stack=attrs.evolve(
        spec.stack, settings=StackSettings(**{field: value})))
    with pytest.raises(streamkit.UnsupportedOperation, match=rf"settings\.{field}"):
        cloud.deploy(foreign)
    assert list(cloud.stacks.list()) == []  # refused before anything was made
    stack = cloud.deploy(spec).stack
    with pytest.raises(streamkit.UnsupportedOperation, match=rf"settings\.{field}"):
        cloud.stacks.update(stack.id, settings=StackSettings(**{field: value}))


def test_update_turns_persistence_off(harness: Harness) -> None:
    cloud = harness.cloud
    stack = cloud.deploy(harness.deployment_spec("persist")).stack
    updated = cloud.stacks.update(stack.id,
                                  settings=StackSettings(persistent_app_settings=False))
    if harness.provider == "aws":
        assert updated.settings.persistent_app_settings is False
    else:
        policies = harness.emulator.alibaba.describe_group(stack.id)["policies"]
        assert policies["StoragePolicy"]["UserProfile"] == {"UserProfileSwitch": False}


def test_settings_are_validated_before_any_call() -> None:
    with pytest.raises(streamkit.ValidationError, match="embed_host_domains"):
        StackSettings(embed_host_domains=["Not a domain"])
    with pytest.raises(streamkit.ValidationError, match="access_endpoints"):
        StackSettings(access_endpoints=["vpce-1"] * 5)
    with pytest.raises(streamkit.ValidationError, match="app_settings_group"):
        StackSettings(app_settings_group="g")
    with pytest.raises(streamkit.ValidationError, match="preferred_protocol"):
        StackSettings(preferred_protocol="QUIC")
    with pytest.raises(streamkit.ValidationError, match="resolution"):
        StackSettings(resolution=(1920,))
    with pytest.raises(streamkit.ValidationError, match="kind"):
        streamkit.StorageConnector(kind="DROPBOX")
    with pytest.raises(streamkit.ValidationError, match="settings"):
        streamkit.StackSpec(name="s", settings={"file_upload": True})  # type: ignore[arg-type]
    assert repr(StackSettings(printing=False)) == "StackSettings(printing=False)"
