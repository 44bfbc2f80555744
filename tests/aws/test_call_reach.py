"""AppStream's long tail, reached with ``cloud.call(operation, params)``: each operation goes
through boto3 over HTTP to the emulator's simulation and back, with the cloud's errors
mapped to streamkit's."""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest

import streamkit
from streamkit import ImageBuilderSpec, StackSpec, StreamingCloud
from streamkit.testing import Emulator
from streamkit.testing.aws.operations import OPERATIONS as SIMULATED
from tests.harness import AwsHarness

BASE = AwsHarness.base_image
ROLE = "arn:aws:iam::123456789012:role/appstream-export"
OFFICE = "Microsoft_Office_2021_LTSC_Professional_Plus_64Bit"

#: the long tail this file proves over the wire: operation -> the test that does
LONG_TAIL = {
    "CreateUsageReportSubscription": "test_usage_report_subscription",
    "DescribeUsageReportSubscriptions": "test_usage_report_subscription",
    "DeleteUsageReportSubscription": "test_usage_report_subscription",
    "CreateThemeForStack": "test_stack_theme",
    "DescribeThemeForStack": "test_stack_theme",
    "UpdateThemeForStack": "test_stack_theme",
    "DeleteThemeForStack": "test_stack_theme",
    "CreateExportImageTask": "test_image_export_task",
    "GetExportImageTask": "test_image_export_task",
    "ListExportImageTasks": "test_image_export_task",
    "AssociateSoftwareToImageBuilder": "test_software_associations",
    "DisassociateSoftwareFromImageBuilder": "test_software_associations",
    "DescribeSoftwareAssociations": "test_software_associations",
    "StartSoftwareDeploymentToImageBuilder": "test_software_associations",
    "DrainSessionInstance": "test_drain_session_instance",
    "DescribeAppLicenseUsage": "test_app_license_usage",
    "CreateImportedImage": "test_imported_image",
}


@pytest.fixture
def cloud(emulator: Emulator) -> StreamingCloud:
    return AwsHarness(emulator).cloud


#: in botocore 1.44 and newer only (aiobotocore pins an older botocore): not simulated yet
NEWER_THAN_THE_ASYNC_EXTRA = {"UpdateImageBuilder"}


def test_every_operation_of_the_model_is_simulated() -> None:
    model = set(botocore.session.get_session().get_service_model("appstream").operation_names)
    assert len(model) >= 89
    assert model - set(SIMULATED) <= NEWER_THAN_THE_ASYNC_EXTRA
    assert set(LONG_TAIL) <= model
    assert all(name in globals() for name in LONG_TAIL.values())


def test_usage_report_subscription(cloud: StreamingCloud) -> None:
    assert cloud.call("DescribeUsageReportSubscriptions")["UsageReportSubscriptions"] == []
    made = cloud.call("CreateUsageReportSubscription")
    assert made["S3BucketName"].startswith("appstream-logs-us-east-1-123456789012-")
    assert made["Schedule"] == "DAILY"
    assert cloud.call("CreateUsageReportSubscription") == made  # the same bucket again
    [sub] = cloud.call("DescribeUsageReportSubscriptions")["UsageReportSubscriptions"]
    assert (sub["S3BucketName"], sub["Schedule"]) == (made["S3BucketName"], "DAILY")
    cloud.call("DeleteUsageReportSubscription")
    assert cloud.call("DescribeUsageReportSubscriptions")["UsageReportSubscriptions"] == []
    with pytest.raises(streamkit.NotFound):
        cloud.call("DeleteUsageReportSubscription")


def _theme(**extra: Any) -> dict[str, Any]:
    return {"StackName": "themed", "TitleText": "Sales apps", "ThemeStyling": "BLUE",
            "OrganizationLogoS3Location": {"S3Bucket": "corp-assets", "S3Key": "logo.png"},
            "FaviconS3Location": {"S3Bucket": "corp-assets", "S3Key": "favicon.ico"},
            **extra}


def test_stack_theme(cloud: StreamingCloud) -> None:
    with pytest.raises(streamkit.NotFound):  # the stack must exist
        cloud.call("CreateThemeForStack", _theme())
    cloud.stacks.create(StackSpec(name="themed"))
    assert "Theme" not in cloud.call("DescribeThemeForStack", {"StackName": "themed"})
    links = [{"DisplayName": "Help", "FooterLinkURL": "https://help.example.com"}]
    theme = cloud.call("CreateThemeForStack", _theme(FooterLinks=links))["Theme"]
    assert (theme["State"], theme["ThemeTitleText"], theme["ThemeFooterLinks"]) == (
        "ENABLED", "Sales apps", links)
    assert theme["ThemeOrganizationLogoURL"].endswith("corp-assets.s3.us-east-1.amazonaws.com"
                                                      "/logo.png")
    with pytest.raises(streamkit.AlreadyExists):
        cloud.call("CreateThemeForStack", _theme())
    updated = cloud.call("UpdateThemeForStack", {
        "StackName": "themed", "State": "DISABLED", "ThemeStyling": "PINK",
        "AttributesToDelete": ["FOOTER_LINKS"]})["Theme"]
    assert (updated["State"], updated["ThemeStyling"]) == ("DISABLED", "PINK")
    assert "ThemeFooterLinks" not in updated
    assert cloud.call("DescribeThemeForStack", {"StackName": "themed"})["Theme"] == updated
    with pytest.raises(streamkit.InvalidRequest):  # botocore sends it; the service refuses
        cloud.call("UpdateThemeForStack", {"StackName": "themed", "ThemeStyling": "GREEN"})
    cloud.call("DeleteThemeForStack", {"StackName": "themed"})
    assert "Theme" not in cloud.call("DescribeThemeForStack", {"StackName": "themed"})
    with pytest.raises(streamkit.NotFound):
        cloud.call("DeleteThemeForStack", {"StackName": "themed"})


def test_image_export_task(cloud: StreamingCloud, emulator: Emulator) -> None:
    emulator.aws.add_image("golden")
    emulator.aws.add_image("baking", state="PENDING")
    export = {"ImageName": "golden", "AmiName": "golden-ami", "IamRoleArn": ROLE}
    task = cloud.call("CreateExportImageTask", export)["ExportImageTask"]
    assert (task["State"], task["AmiName"]) == ("EXPORTING", "golden-ami")
    assert task["ImageArn"].endswith(":image/golden")
    with pytest.raises(streamkit.Conflict):  # ResourceNotAvailableException
        cloud.call("CreateExportImageTask", {**export, "ImageName": "baking"})
    with pytest.raises(streamkit.NotFound):  # a public image is not yours to export
        cloud.call("CreateExportImageTask", {**export, "ImageName": BASE})
    emulator.clock.advance(emulator.aws.timings.image_copy)
    done = cloud.call("GetExportImageTask", {"TaskId": task["TaskId"]})["ExportImageTask"]
    assert done["State"] == "COMPLETED" and done["AmiId"].startswith("ami-")
    listed = cloud.call("ListExportImageTasks", {
        "Filters": [{"Name": "State", "Values": ["COMPLETED"]}]})["ExportImageTasks"]
    assert [t["TaskId"] for t in listed] == [task["TaskId"]]
    assert cloud.call("ListExportImageTasks", {
        "Filters": [{"Name": "State", "Values": ["EXPORTING"]}]})["ExportImageTasks"] == []
    with pytest.raises(streamkit.NotFound):
        cloud.call("GetExportImageTask", {"TaskId": "0a1b2c3d-0000-4000-8000-000000000000"})


def test_software_associations(cloud: StreamingCloud, emulator: Emulator) -> None:
    builder = cloud.image_builders.create(ImageBuilderSpec(
        name="office", instance_type="stream.standard.medium", image_id=BASE))
    arn = builder.raw["Arn"]
    cloud.call("AssociateSoftwareToImageBuilder",
               {"ImageBuilderName": "office", "SoftwareNames": [OFFICE]})

    def statuses() -> dict[str, str]:
        answer = cloud.call("DescribeSoftwareAssociations", {"AssociatedResource": arn})
        assert answer["AssociatedResource"] == arn
        return {a["SoftwareName"]: a["Status"] for a in answer["SoftwareAssociations"]}

    assert statuses() == {OFFICE: "STAGED_FOR_INSTALLATION"}
    with pytest.raises(streamkit.PermissionDenied):  # OperationNotPermitted: not RUNNING yet
        cloud.call("StartSoftwareDeploymentToImageBuilder", {"ImageBuilderName": "office"})
    cloud.wait_until_image_builder_running("office")
    cloud.call("StartSoftwareDeploymentToImageBuilder", {"ImageBuilderName": "office"})
    assert statuses() == {OFFICE: "INSTALLED"}
    cloud.call("DisassociateSoftwareFromImageBuilder",
               {"ImageBuilderName": "office", "SoftwareNames": [OFFICE]})
    assert statuses() == {OFFICE: "STAGED_FOR_UNINSTALLATION"}
    cloud.call("StartSoftwareDeploymentToImageBuilder",
               {"ImageBuilderName": "office", "RetryFailedDeployments": True})
    assert statuses() == {}
    with pytest.raises(streamkit.InvalidRequest):
        cloud.call("DisassociateSoftwareFromImageBuilder",
                   {"ImageBuilderName": "office", "SoftwareNames": [OFFICE]})
    with pytest.raises(streamkit.NotFound):
        cloud.call("AssociateSoftwareToImageBuilder",
                   {"ImageBuilderName": "nope", "SoftwareNames": [OFFICE]})


def _fleet(cloud: StreamingCloud, name: str, **extra: Any) -> None:
    cloud.call("CreateFleet", {"Name": name, "InstanceType": "stream.standard.medium",
                               "ImageName": BASE, "FleetType": "ON_DEMAND",
                               "ComputeCapacity": {"DesiredInstances": 1}} | extra)
    cloud.stacks.associate_fleet("drain", name)


def test_drain_session_instance(cloud: StreamingCloud, emulator: Emulator) -> None:
    cloud.stacks.create(StackSpec(name="drain"))
    _fleet(cloud, "multi", MaxSessionsPerInstance=2, ComputeCapacity={"DesiredSessions": 2})
    _fleet(cloud, "single")
    first = emulator.aws.add_session("drain", "multi", "ana")
    emulator.aws.add_session("drain", "multi", "bo")

    def drain(fleet: str) -> list[str]:
        return [s.raw["InstanceDrainStatus"] for s in cloud.sessions.list("drain", fleet)]

    assert drain("multi") == ["NOT_APPLICABLE", "NOT_APPLICABLE"]
    cloud.call("DrainSessionInstance", {"SessionId": first})
    assert drain("multi")[0] == "DRAINING"
    single = emulator.aws.add_session("drain", "single", "cy")
    with pytest.raises(streamkit.PermissionDenied):  # only multi-session fleets drain
        cloud.call("DrainSessionInstance", {"SessionId": single})
    with pytest.raises(streamkit.NotFound):
        cloud.call("DrainSessionInstance", {"SessionId": "no-such-session"})


def test_app_license_usage(cloud: StreamingCloud) -> None:
    assert cloud.call("DescribeAppLicenseUsage",
                      {"BillingPeriod": "2026-11"})["AppLicenseUsages"] == []
    with pytest.raises(streamkit.InvalidRequest):
        cloud.call("DescribeAppLicenseUsage", {"BillingPeriod": "November"})


def test_imported_image(cloud: StreamingCloud, emulator: Emulator) -> None:
    request = {"Name": "imported", "SourceAmiId": "ami-0a1b2c3d4e5f60001", "IamRoleArn": ROLE}
    with pytest.raises(streamkit.InvalidRequest) as dry:
        cloud.call("CreateImportedImage", {**request, "DryRun": True})
    assert (dry.value.code, dry.value.http_status) == ("DryRunOperationException", 412)
    with pytest.raises(streamkit.NotFound):
        cloud.images.get("imported")  # the dry run imported nothing
    with pytest.raises(streamkit.InvalidRequest):  # the AMI needs the role that reads it
        cloud.call("CreateImportedImage", {"Name": "imported",
                                           "SourceAmiId": "ami-0a1b2c3d4e5f60001"})
    image = cloud.call("CreateImportedImage", request)["Image"]
    assert (image["Name"], image["State"]) == ("imported", "IMPORTING")
    with pytest.raises(streamkit.AlreadyExists):
        cloud.call("CreateImportedImage", request)
    emulator.clock.advance(emulator.aws.timings.image_create)
    assert cloud.images.get("imported").state is streamkit.ImageState.AVAILABLE
