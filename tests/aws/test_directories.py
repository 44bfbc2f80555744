"""``cloud.aws.directories``: directory configs for domain join, through boto3 over HTTP."""

from __future__ import annotations

import logging

import pytest

import streamkit
from streamkit import Capability, Secret, StreamingCloud
from streamkit.aws import (
    CertificateAuth,
    CertificateAuthStatus,
    DirectoryConfig,
    ServiceAccount,
)
from streamkit.testing import Emulator
from tests.harness import AwsHarness

CORP = "corp.example.com"
OU = "OU=AppStream,DC=corp,DC=example,DC=com"
PASSWORD = "Tr0ub4dor&3-join"
CA = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/0a1b2c3d"


@pytest.fixture
def cloud(emulator: Emulator) -> StreamingCloud:
    return AwsHarness(emulator).cloud


def _create(cloud: StreamingCloud, name: str = CORP) -> DirectoryConfig:
    return cloud.aws.directories.create(
        name, [OU], service_account=ServiceAccount(name="CORP\\appstream-join",
                                                   password=PASSWORD))


def test_directories_is_an_aws_capability(cloud: StreamingCloud) -> None:
    assert Capability.AWS_DIRECTORIES in cloud.capabilities


def test_create_get_list(cloud: StreamingCloud) -> None:
    made = _create(cloud)
    assert (made.directory_name, made.organizational_units, made.account_name) == (
        CORP, (OU,), "CORP\\appstream-join")
    assert made.created_at is not None and made.certificate_auth is None
    assert cloud.aws.directories.get(CORP) == made
    assert list(cloud.aws.directories.list()) == [made]
    with pytest.raises(streamkit.AlreadyExists):
        _create(cloud)
    with pytest.raises(streamkit.NotFound):
        cloud.aws.directories.get("other.example.com")


def test_the_password_is_sent_never_read_back_or_shown(
        cloud: StreamingCloud, emulator: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    account = ServiceAccount(name="join", password=PASSWORD)
    assert isinstance(account.password, Secret)
    assert PASSWORD not in repr(account)
    with caplog.at_level(logging.DEBUG, logger="botocore"):
        made = cloud.aws.directories.create(CORP, [OU], service_account=account)
    assert emulator.aws.state.region("us-east-1").directories.get(CORP).account_password == (  # type: ignore[union-attr]
        PASSWORD)  # it reached the cloud
    assert PASSWORD not in caplog.text
    assert PASSWORD not in repr(made) and "join" not in repr(made)
    assert "AccountPassword" not in made.raw["ServiceAccountCredentials"]


def test_update_changes_only_what_is_given(cloud: StreamingCloud) -> None:
    _create(cloud)
    other = "OU=Streaming,DC=corp,DC=example,DC=com"
    updated = cloud.aws.directories.update(
        CORP, organizational_units=[OU, other],
        certificate_auth=CertificateAuth(status=CertificateAuthStatus.ENABLED,
                                         certificate_authority_arn=CA))
    assert updated.organizational_units == (OU, other)
    assert updated.account_name == "CORP\\appstream-join"  # kept
    assert updated.certificate_auth == CertificateAuth(
        status=CertificateAuthStatus.ENABLED, certificate_authority_arn=CA)
    assert cloud.aws.directories.get(CORP) == updated
    with pytest.raises(streamkit.NotFound):
        cloud.aws.directories.update("other.example.com", organizational_units=[OU])


def test_delete_is_refused_while_a_fleet_joins_with_it(cloud: StreamingCloud,
                                                       emulator: Emulator) -> None:
    _create(cloud)
    cloud.call("CreateFleet", {  # a fleet that joins the domain
        "Name": "joined", "InstanceType": "stream.standard.medium",
        "ImageName": "AppStream-WinServer2019-06-12-2024", "FleetType": "ALWAYS_ON",
        "ComputeCapacity": {"DesiredInstances": 1},
        "DomainJoinInfo": {"DirectoryName": CORP, "OrganizationalUnitDistinguishedName": OU}})
    with pytest.raises(streamkit.Conflict, match="fleet joined"):
        cloud.aws.directories.delete(CORP)
    cloud.fleets.delete("joined")
    cloud.aws.directories.delete(CORP)
    with pytest.raises(streamkit.NotFound):
        cloud.aws.directories.get(CORP)
    with pytest.raises(streamkit.NotFound):
        cloud.aws.directories.delete(CORP)


def test_pages_and_names(cloud: StreamingCloud, emulator: Emulator) -> None:
    names = [f"d{i}.example.com" for i in range(5)]
    for name in names:
        emulator.clock.advance(1)
        _create(cloud, name)
    first = cloud.aws.directories.list_page(page_size=2)
    second = cloud.aws.directories.list_page(page_size=2, cursor=first.next_cursor)
    assert [d.directory_name for d in (*first, *second)] == names[:4]
    assert [d.directory_name for d in cloud.aws.directories.list()] == names


def test_the_emulator_checks_members_against_the_model(cloud: StreamingCloud) -> None:
    with pytest.raises(streamkit.InvalidRequest) as refused:
        cloud.call("CreateDirectoryConfig", {
            "DirectoryName": CORP, "OrganizationalUnitDistinguishedNames": [OU],
            "CertificateBasedAuthProperties": {"Status": "SOMETIMES"}})
    assert refused.value.code == "ValidationException"


@pytest.mark.parametrize(("call", "field"), [
    (lambda d: d.create("", [OU]), "directory_name"),
    (lambda d: d.create("corp example", [OU]), "directory_name"),
    (lambda d: d.create(CORP, []), "organizational_units"),
    (lambda d: d.create(CORP, OU), "organizational_units"),
    (lambda d: d.create(CORP, [OU], service_account=("join", PASSWORD)), "service_account"),
    (lambda d: d.create(CORP, [OU], service_account=ServiceAccount(name="j", password="")),
     "service_account.password"),
    (lambda d: d.create(CORP, [OU], service_account=ServiceAccount(name="j",
                                                                   password="p" * 128)),
     "service_account.password"),
    (lambda d: d.update(CORP, certificate_auth=CertificateAuth(
        status=CertificateAuthStatus.ENABLED, certificate_authority_arn="ca")),
     "certificate_auth.certificate_authority_arn"),
    (lambda d: d.update(CORP, certificate_auth=CertificateAuth(
        status=CertificateAuthStatus.UNKNOWN)), "certificate_auth.status"),
])
def test_bad_input_names_the_field_and_never_the_password(emulator: Emulator, call: object,
                                                          field: str) -> None:
    records: list[streamkit.CallRecord] = []
    cloud = AwsHarness(emulator).connect(hooks=streamkit.Hooks(on_call=records.append))
    with pytest.raises(streamkit.ValidationError) as bad:
        call(cloud.aws.directories)  # type: ignore[operator]
    assert bad.value.field == field
    assert PASSWORD not in str(bad.value) and "p" * 128 not in str(bad.value)
    assert records == []


def test_a_password_that_is_not_text_is_refused_without_showing_it() -> None:
    with pytest.raises(streamkit.ValidationError) as bad:
        ServiceAccount(name="join", password=b"bytes-password")  # type: ignore[arg-type]
    assert bad.value.field == "service_account.password"
    assert "bytes-password" not in str(bad.value)
