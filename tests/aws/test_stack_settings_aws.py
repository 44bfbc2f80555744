"""AppStream stack settings end to end: every member streamkit maps, sent by boto3 to the
emulator and read back; updates that keep what they do not name; the service's refusals."""

from __future__ import annotations

import botocore.exceptions
import pytest

import streamkit
from streamkit import StackSettings, StackSpec, StorageConnector
from streamkit.testing import Emulator
from tests.harness import AwsHarness, appstream_client

FULL = StackSettings(
    clipboard_copy_from_local=True, clipboard_copy_to_local=False, file_upload=True,
    file_download=False, printing=True, domain_password_signin=True,
    domain_smart_card_signin=False, time_zone_redirection=True,
    storage_connectors=[StorageConnector(kind="HOMEFOLDERS"),
                        StorageConnector(kind="ONE_DRIVE", domains=["example.com"])],
    embed_host_domains=["portal.example.com"], access_endpoints=["vpce-0123abcd"],
    persistent_app_settings=True, app_settings_group="design", preferred_protocol="UDP")


@pytest.fixture
def aws(emulator: Emulator) -> AwsHarness:
    return AwsHarness(emulator)



def test_every_setting_round_trips(aws: AwsHarness) -> None:
    created = aws.cloud.stacks.create(StackSpec(name="full", settings=FULL))
    assert created.settings == FULL
    assert aws.cloud.stacks.get("full").settings == FULL
    raw = aws.cloud.stacks.get("full").raw
    assert {"Action": "PRINTING_TO_LOCAL_DEVICE", "Permission": "ENABLED"} in raw["UserSettings"]
    assert raw["AccessEndpoints"] == [{"EndpointType": "STREAMING", "VpceId": "vpce-0123abcd"}]


def test_update_keeps_what_it_does_not_name_and_removes_empty_lists(aws: AwsHarness) -> None:
    aws.cloud.stacks.create(StackSpec(name="upd", settings=FULL))
    updated = aws.cloud.stacks.update("upd", settings=StackSettings(
        file_upload=False, embed_host_domains=(), storage_connectors=()))
    assert updated.settings.file_upload is False
    assert updated.settings.clipboard_copy_from_local is True  # kept
    assert updated.settings.printing is True  # kept
    assert updated.settings.embed_host_domains is None
    assert updated.settings.storage_connectors in ((), None)
    assert updated.settings.access_endpoints == ("vpce-0123abcd",)
    assert aws.cloud.stacks.get("upd").settings == updated.settings


@pytest.mark.parametrize(("member", "value"), [
    ("UserSettings", [{"Action": "TELEPORT", "Permission": "ENABLED"}]),
    ("UserSettings", [{"Action": "FILE_UPLOAD", "Permission": "MAYBE"}]),
    ("EmbedHostDomains", ["Not_A_Domain"]),
    ("EmbedHostDomains", [f"d{i}.example.com" for i in range(21)]),
    ("AccessEndpoints", [{"EndpointType": "WEB"}]),
    ("StorageConnectors", [{"ConnectorType": "DROPBOX"}]),
    ("StreamingExperienceSettings", {"PreferredProtocol": "QUIC"}),
    ("ApplicationSettings", {"Enabled": True, "SettingsGroup": "g" * 101}),
])
def test_the_emulator_refuses_what_the_model_refuses(emulator: Emulator, member: str,
                                                      value: object) -> None:
    client = appstream_client(emulator)
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        client.create_stack(Name="bad", **{member: value})
    assert caught.value.response["Error"]["Code"] == "ValidationException"


def test_an_alibaba_policy_is_refused_on_aws(aws: AwsHarness) -> None:
    with pytest.raises(streamkit.UnsupportedOperation, match=r"settings\.skip_user_auth_check"):
        aws.cloud.stacks.create(StackSpec(name="x",
                                          settings=StackSettings(skip_user_auth_check=True)))
