"""CreateImageByInstance: the second way to capture an image, from a workstation."""

from __future__ import annotations

import pytest

import streamkit
from streamkit import ImageState
from streamkit.alibaba import WorkstationSpec
from streamkit.testing.alibaba.catalog import SYSTEM_IMAGES
from streamkit.testing.alibaba.workstations import WORKSTATION_TYPES
from tests.harness import AlibabaHarness


def _workstation(ali: AlibabaHarness) -> str:
    order = ali.cloud.alibaba.workstations.create(WorkstationSpec(
        name="desk", image_id=SYSTEM_IMAGES[1].image_id,
        instance_type=next(iter(WORKSTATION_TYPES)), office_site_id="cn-shanghai+dir-0001"))
    workstation_id = order.workstation_ids[0]
    ali.cloud.alibaba.wait_until_workstation_running(workstation_id)
    return workstation_id


def test_a_workstation_is_captured_into_an_image(ali: AlibabaHarness) -> None:
    cloud = ali.cloud
    workstation_id = _workstation(ali)
    cloud.alibaba.workstations.stop(workstation_id)  # for a consistent image
    cloud.alibaba.wait_until_workstation_stopped(workstation_id)
    image = cloud.images.create_from_instance(workstation_id, "golden-desk",
                                              description="the design desk")
    assert (image.name, image.state, image.description) == ("golden-desk", ImageState.PENDING,
                                                          "the design desk")
    assert image.raw["ImageCreateMode"] == "BY_INSTANCE_ID"
    ready = cloud.wait_until_image_available(image.id)
    assert ready.state is ImageState.AVAILABLE
    assert {a.name for a in ready.applications} == {a for _, a in SYSTEM_IMAGES[1].apps}


def test_an_unknown_or_busy_workstation_is_refused(ali: AlibabaHarness) -> None:
    with pytest.raises(streamkit.NotFound) as missing:
        ali.cloud.images.create_from_instance("ws-nosuchstation0000", "x")
    assert missing.value.code == "WuyingServerError.NotFound"
    order = ali.cloud.alibaba.workstations.create(WorkstationSpec(
        name="new", image_id=SYSTEM_IMAGES[0].image_id,
        instance_type=next(iter(WORKSTATION_TYPES)), office_site_id="cn-shanghai+dir-0001"))
    with pytest.raises(streamkit.ProviderError) as busy:  # still CREATING
        ali.cloud.images.create_from_instance(order.workstation_ids[0], "x")
    assert busy.value.code == "IncorrectWuyingServerStatus"
    with pytest.raises(streamkit.ValidationError, match="image_name"):
        ali.cloud.images.create_from_instance(order.workstation_ids[0], "no spaces!")
