"""``cloud.aws.image_exports`` and ``cloud.aws.software``, through boto3 over HTTP."""

from __future__ import annotations

import pytest

import streamkit
from streamkit import Capability, ImageBuilderSpec, StreamingCloud
from streamkit.aws import ExportState, SoftwareStatus
from streamkit.testing import Emulator
from tests.harness import AwsHarness

ROLE = "arn:aws:iam::123456789012:role/appstream-export"
OFFICE = "Microsoft_Office_2021_LTSC_Professional_Plus_64Bit"
VISIO = "Microsoft_Visio_2021_LTSC_Professional_64Bit"


@pytest.fixture
def cloud(emulator: Emulator) -> StreamingCloud:
    return AwsHarness(emulator).cloud


def test_the_areas_are_aws_capabilities(cloud: StreamingCloud) -> None:
    assert {Capability.AWS_IMAGE_EXPORTS, Capability.AWS_SOFTWARE} <= cloud.capabilities


def test_export_create_get_list_wait(cloud: StreamingCloud, emulator: Emulator) -> None:
    emulator.aws.add_image("golden")
    started = cloud.aws.image_exports.create("golden", "golden-ami", iam_role_arn=ROLE,
                                             description="for EC2", tags={"team": "a"})
    assert (started.state, started.ami_name, started.ami_id) == (
        ExportState.EXPORTING, "golden-ami", None)
    assert started.image_arn.endswith(":image/golden") and started.tags == {"team": "a"}
    assert cloud.aws.image_exports.get(started.task_id) == started
    seen: list[str] = []
    done = cloud.aws.image_exports.wait(started.task_id,
                                        on_progress=lambda o: seen.append(o.state_name))
    assert done.state is ExportState.COMPLETED and done.ami_id is not None
    assert seen[0] == "EXPORTING" and seen[-1] == "COMPLETED"
    assert [e.task_id for e in cloud.aws.image_exports.list()] == [started.task_id]
    page = cloud.aws.image_exports.list_page(page_size=1)
    assert [e.task_id for e in page] == [started.task_id] and page.next_cursor is None
    with pytest.raises(streamkit.NotFound):
        cloud.aws.image_exports.get("0a1b2c3d-0000-4000-8000-000000000000")


@pytest.mark.parametrize(("call", "field"), [
    (lambda x: x.create("golden", "x", iam_role_arn=ROLE), "ami_name"),
    (lambda x: x.create("golden", "ami", iam_role_arn="role"), "iam_role_arn"),
    (lambda x: x.create("bad name", "ami", iam_role_arn=ROLE), "image_id"),
    (lambda x: x.get("not-a-uuid"), "task_id"),
    (lambda x: x.wait("0a1b2c3d-0000-4000-8000-000000000000", timeout=-1), "timeout"),
])
def test_export_bad_input_names_the_field(cloud: StreamingCloud, call: object,
                                          field: str) -> None:
    with pytest.raises(streamkit.ValidationError) as bad:
        call(cloud.aws.image_exports)  # type: ignore[operator]
    assert bad.value.field == field


def test_software_associate_deploy_disassociate(cloud: StreamingCloud) -> None:
    builder = cloud.image_builders.create(ImageBuilderSpec(
        name="office", instance_type="stream.standard.medium", image_id=AwsHarness.base_image))
    arn = builder.raw["Arn"]
    software = cloud.aws.software
    software.associate("office", [OFFICE, VISIO])
    assert {(a.name, a.status) for a in software.list(arn)} == {
        (OFFICE, SoftwareStatus.STAGED_FOR_INSTALLATION),
        (VISIO, SoftwareStatus.STAGED_FOR_INSTALLATION)}
    with pytest.raises(streamkit.PermissionDenied):  # not RUNNING yet
        software.deploy("office")
    cloud.wait_until_image_builder_running("office")
    software.deploy("office")
    assert {a.status for a in software.list(arn)} == {SoftwareStatus.INSTALLED}
    software.disassociate("office", [VISIO])
    software.deploy("office", retry_failed=True)
    assert [(a.name, a.status) for a in software.list(arn)] == [
        (OFFICE, SoftwareStatus.INSTALLED)]
    with pytest.raises(streamkit.ValidationError) as bad:
        software.associate("office", [])
    assert bad.value.field == "names"
    with pytest.raises(streamkit.ValidationError) as bad:
        list(software.list("office"))
    assert bad.value.field == "builder_arn"
