"""cloud.aws.app_blocks and cloud.aws.applications over HTTP against the emulator, and the
emulator's rules checked with boto3 itself."""

from __future__ import annotations

from typing import Any

import boto3
import botocore.exceptions
import pytest
from botocore.config import Config

import streamkit
from streamkit import Capability
from streamkit.aws import (
    AppBlockState,
    ApplicationFleetAssociation,
    PackagingType,
    S3Location,
    ScriptDetails,
)
from streamkit.testing import Emulator
from tests.harness import AwsHarness

SETUP = ScriptDetails(script=S3Location(bucket="apps-bucket", key="setup.ps1"),
                      executable_path=r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe",
                      executable_parameters="-File setup.ps1", timeout_seconds=300)
ICON = S3Location(bucket="apps-bucket", key="icons/notepad.png")


@pytest.fixture
def aws(emulator: Emulator) -> AwsHarness:
    return AwsHarness(emulator)


def boto(emulator: Emulator) -> Any:
    creds = emulator.credentials["aws"]
    return boto3.client("appstream", region_name="us-east-1",
                        endpoint_url=emulator.aws_endpoint,
                        aws_access_key_id=creds["access_key_id"],
                        aws_secret_access_key=creds["secret_access_key"],
                        config=Config(retries={"total_max_attempts": 1}))


def elastic_fleet(emulator: Emulator, name: str, platform: str = "WINDOWS_SERVER_2019"
                  ) -> None:
    boto(emulator).create_fleet(
        Name=name, InstanceType="stream.standard.medium", FleetType="ELASTIC",
        Platform=platform, MaxConcurrentSessions=2,
        VpcConfig={"SubnetIds": ["subnet-a", "subnet-b"]})


def _code(error: pytest.ExceptionInfo[botocore.exceptions.ClientError]) -> str:
    return str(error.value.response["Error"]["Code"])


def test_app_blocks_create_list_get_delete(aws: AwsHarness) -> None:
    blocks = aws.cloud.aws.app_blocks
    assert {Capability.AWS_APP_BLOCKS, Capability.AWS_APPLICATIONS} <= aws.cloud.capabilities
    custom = blocks.create("notepad", S3Location(bucket="apps-bucket", key="notepad.vhdx"),
                           setup_script=SETUP, display_name="Notepad", tags={"team": "a"})
    assert (custom.state, custom.packaging_type) == (AppBlockState.ACTIVE, PackagingType.CUSTOM)
    assert custom.setup_script == SETUP and custom.arn.endswith(":app-block/notepad")
    packaged = blocks.create("office", S3Location(bucket="apps-bucket"),
                             packaging_type="APPSTREAM2", post_setup_script=SETUP)
    assert packaged.state is AppBlockState.INACTIVE  # no package yet
    assert packaged.post_setup_script == SETUP and packaged.setup_script is None
    assert [b.name for b in blocks.list()] == ["notepad", "office"]
    first = blocks.list_page(page_size=1)
    assert [b.name for b in first.items] == ["notepad"] and first.next_cursor
    assert [b.name for b in blocks.list_page(cursor=first.next_cursor).items] == ["office"]
    assert blocks.get(custom.arn) == custom
    assert blocks.get("office").arn == packaged.arn  # by name: found in the listing
    with pytest.raises(streamkit.AlreadyExists):
        blocks.create("notepad", S3Location(bucket="apps-bucket", key="n.vhdx"),
                      setup_script=SETUP)
    blocks.delete("office")
    with pytest.raises(streamkit.NotFound):
        blocks.get("office")
    with pytest.raises(streamkit.NotFound):
        blocks.get(packaged.arn)
    with pytest.raises(streamkit.NotFound):
        blocks.delete("office")


def test_app_block_input_is_checked_before_sending(aws: AwsHarness) -> None:
    blocks = aws.cloud.aws.app_blocks
    source = S3Location(bucket="apps-bucket", key="x.vhdx")
    with pytest.raises(streamkit.ValidationError, match="setup_script"):
        blocks.create("a", source)  # CUSTOM needs its setup script
    with pytest.raises(streamkit.ValidationError, match="setup_script"):
        blocks.create("a", source, packaging_type=PackagingType.APPSTREAM2, setup_script=SETUP)
    with pytest.raises(streamkit.ValidationError, match="post_setup_script"):
        blocks.create("a", source, setup_script=SETUP, post_setup_script=SETUP)
    with pytest.raises(streamkit.ValidationError, match="source"):
        blocks.create("a", S3Location(bucket="apps-bucket"), setup_script=SETUP)
    with pytest.raises(streamkit.ValidationError, match="packaging_type"):
        blocks.create("a", source, packaging_type="ZIP", setup_script=SETUP)
    with pytest.raises(streamkit.ValidationError, match="bucket"):
        S3Location(bucket="Not_A_Bucket")
    with pytest.raises(streamkit.ValidationError, match="timeout_seconds"):
        ScriptDetails(script=source, executable_path="run.exe", timeout_seconds=0)
    with pytest.raises(streamkit.ValidationError, match="name_or_arn"):
        blocks.get("arn:nonsense")
    assert list(blocks.list()) == []  # nothing was sent that made anything


def test_the_emulator_refuses_what_appstream_refuses_for_app_blocks(aws: AwsHarness) -> None:
    client = boto(aws.emulator)
    source = {"S3Bucket": "apps-bucket", "S3Key": "x.vhdx"}
    script = {"ScriptS3Location": source, "ExecutablePath": "run.exe", "TimeoutInSeconds": 60}
    with pytest.raises(botocore.exceptions.ClientError) as no_setup:
        client.create_app_block(Name="b", SourceS3Location=source, PackagingType="CUSTOM")
    assert _code(no_setup) == "InvalidParameterCombinationException"
    with pytest.raises(botocore.exceptions.ClientError) as bad_enum:
        client.create_app_block(Name="b", SourceS3Location=source, PackagingType="ZIP",
                                SetupScriptDetails=script)
    assert _code(bad_enum) == "ValidationException"
    client.create_app_block(Name="b", SourceS3Location=source, SetupScriptDetails=script)
    with pytest.raises(botocore.exceptions.ClientError) as twice:
        client.create_app_block(Name="b", SourceS3Location=source, SetupScriptDetails=script)
    assert _code(twice) == "ResourceAlreadyExistsException"
    with pytest.raises(botocore.exceptions.ClientError) as missing:
        client.describe_app_blocks(Arns=["arn:aws:appstream:us-east-1:123456789012:"
                                         "app-block/none"])
    assert _code(missing) == "ResourceNotFoundException"


def test_applications_on_elastic_fleets(aws: AwsHarness) -> None:
    cloud, emu = aws.cloud, aws.emulator
    block = cloud.aws.app_blocks.create(
        "tools", S3Location(bucket="apps-bucket", key="tools.vhdx"), setup_script=SETUP)
    apps = cloud.aws.applications
    app = apps.create("notepad", block.arn, launch_path=r"C:\Tools\notepad.exe", icon=ICON,
                      platforms=["WINDOWS_SERVER_2019"], display_name="Notepad",
                      working_directory=r"C:\Tools", launch_parameters="/safe")
    assert (app.app_block_arn, app.icon, app.platforms) == (
        block.arn, ICON, ("WINDOWS_SERVER_2019",))
    assert app.instance_families == ("GENERAL_PURPOSE",) and app.enabled is True
    assert apps.get(app.arn) == apps.get("notepad") == app
    updated = apps.update("notepad", description="edits text", working_directory="",
                          launch_parameters="/big")
    assert (updated.description, updated.working_directory, updated.launch_parameters) == (
        "edits text", None, "/big")  # "" deleted it (AttributesToDelete)
    assert [a.name for a in apps.list()] == ["notepad"]

    elastic_fleet(emu, "elastic")
    elastic_fleet(emu, "linux", platform="AMAZON_LINUX2")
    cloud.fleets.create(aws.deployment_spec("always").fleet)
    apps.associate_fleet(app.arn, "elastic")
    apps.associate_fleet(app.arn, "elastic")  # again: no change
    with pytest.raises(streamkit.InvalidRequest, match="Elastic"):
        apps.associate_fleet(app.arn, "always-fleet")
    with pytest.raises(streamkit.InvalidRequest, match="platform"):
        apps.associate_fleet(app.arn, "linux")
    with pytest.raises(streamkit.NotFound):
        apps.associate_fleet(app.arn, "no-such-fleet")
    association = ApplicationFleetAssociation(fleet_id="elastic", application_arn=app.arn)
    assert list(apps.list_fleet_associations(fleet_id="elastic")) == [association]
    assert apps.list_fleet_associations_page(application_arn=app.arn).items == (association,)
    with pytest.raises(streamkit.ValidationError, match="fleet_id"):
        apps.list_fleet_associations()
    with pytest.raises(streamkit.Conflict):
        apps.delete("notepad")  # a fleet offers it
    with pytest.raises(streamkit.Conflict):
        cloud.aws.app_blocks.delete("tools")  # an application uses it
    apps.disassociate_fleet(app.arn, "elastic")
    assert list(apps.list_fleet_associations(fleet_id="elastic")) == []
    apps.delete("notepad")
    cloud.aws.app_blocks.delete("tools")
    assert list(apps.list()) == []


def test_application_input_and_the_emulators_rules(aws: AwsHarness) -> None:
    apps = aws.cloud.aws.applications
    block_arn = "arn:aws:appstream:us-east-1:123456789012:app-block/none"
    with pytest.raises(streamkit.ValidationError, match=r"platforms\[0\]"):
        apps.create("a", block_arn, launch_path="a.exe", icon=ICON, platforms=["windows"])
    with pytest.raises(streamkit.ValidationError, match="platforms"):
        apps.create("a", block_arn, launch_path="a.exe", icon=ICON, platforms=[])
    with pytest.raises(streamkit.ValidationError, match="icon"):
        apps.create("a", block_arn, launch_path="a.exe", icon=S3Location(bucket="apps-bucket"),
                    platforms=["WINDOWS_SERVER_2019"])
    with pytest.raises(streamkit.ValidationError, match="app_block_arn"):
        apps.create("a", "tools", launch_path="a.exe", icon=ICON,
                    platforms=["WINDOWS_SERVER_2019"])
    with pytest.raises(streamkit.NotFound):  # the app block must exist
        apps.create("a", block_arn, launch_path="a.exe", icon=ICON,
                    platforms=["WINDOWS_SERVER_2019"])
    client = boto(aws.emulator)
    icon = {"S3Bucket": "apps-bucket", "S3Key": "i.png"}
    with pytest.raises(botocore.exceptions.ClientError) as family:
        client.create_application(Name="a", IconS3Location=icon, LaunchPath="a.exe",
                                  Platforms=["WINDOWS_SERVER_2019"], InstanceFamilies=["TINY"],
                                  AppBlockArn=block_arn)
    assert _code(family) == "ValidationException"
    with pytest.raises(botocore.exceptions.ClientError) as platform:
        client.create_application(Name="a", IconS3Location=icon, LaunchPath="a.exe",
                                  Platforms=["WINDOWS_XP"], InstanceFamilies=["GENERAL_PURPOSE"],
                                  AppBlockArn=block_arn)
    assert _code(platform) == "ValidationException"  # not in the model's PlatformType
    with pytest.raises(botocore.exceptions.ClientError) as neither:
        client.describe_application_fleet_associations()
    assert _code(neither) == "InvalidParameterCombinationException"
