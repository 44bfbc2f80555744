"""Image sharing (``images.share``/``unshare``/``permissions``) and managed image updates
(``images.create_updated``): the AWS service's rules through boto3; on Alibaba, refused
before anything is sent, with the portable way."""

from __future__ import annotations

import pytest

import streamkit
from streamkit import Capability, ImagePermission, ImageState
from streamkit.hooks import CallRecord
from tests.harness import Harness

OTHER = "210987654321"
THIRD = "111122223333"


def _private_image(harness: Harness, name: str, platform: str = "WINDOWS_SERVER_2022") -> str:
    return harness.emulator.aws.add_image(name, platform=platform).rsplit("/", 1)[-1]


def test_share_change_list_and_unshare(harness: Harness) -> None:
    cloud = harness.cloud
    if Capability.IMAGE_SHARING not in cloud.capabilities:
        calls: list[CallRecord] = []
        watched = harness.connect(hooks=streamkit.Hooks(on_call=calls.append))
        for call in (lambda: watched.images.share("img-1", OTHER),
                     lambda: watched.images.unshare("img-1", OTHER),
                     lambda: list(watched.images.permissions("img-1"))):
            with pytest.raises(streamkit.UnsupportedOperation, match=r"images\.copy"):
                call()
        assert calls == []
        return
    image_id = _private_image(harness, "shared")
    cloud.images.share(image_id, OTHER)
    cloud.images.share(image_id, THIRD, builders=False)
    assert list(cloud.images.permissions(image_id)) == [
        ImagePermission(account_id=THIRD, fleets=True, builders=False),
        ImagePermission(account_id=OTHER, fleets=True, builders=True)]
    cloud.images.share(image_id, OTHER, fleets=False)  # sharing again changes it
    page = cloud.images.permissions_page(image_id, page_size=1)
    assert [p.account_id for p in page] == [THIRD] and page.next_cursor is not None
    rest = cloud.images.permissions_page(image_id, page_size=1, cursor=page.next_cursor)
    assert list(rest) == [ImagePermission(account_id=OTHER, fleets=False, builders=True)]
    assert cloud.images.get(image_id).raw["ImageSharedWithOthers"] == "TRUE"
    cloud.images.unshare(image_id, OTHER)
    with pytest.raises(streamkit.NotFound):  # not shared with it (any more)
        cloud.images.unshare(image_id, OTHER)
    assert [p.account_id for p in cloud.images.permissions(image_id)] == [THIRD]


def test_sharing_rules(harness: Harness) -> None:
    cloud = harness.cloud
    if Capability.IMAGE_SHARING not in cloud.capabilities:
        pytest.skip("no image sharing on this provider")
    with pytest.raises(streamkit.ValidationError, match="account_id"):
        cloud.images.share(harness.base_image, "12345")
    with pytest.raises(streamkit.Conflict):  # a public image is not yours to share
        cloud.images.share(harness.base_image, OTHER)
    with pytest.raises(streamkit.NotFound):
        cloud.images.share("no-such-image", OTHER)
    image_id = _private_image(harness, "mine")
    with pytest.raises(streamkit.InvalidRequest):  # the account that owns it
        cloud.images.share(image_id, "123456789012")


def test_managed_update_then_wait(harness: Harness) -> None:
    cloud = harness.cloud
    if Capability.IMAGE_MANAGED_UPDATE not in cloud.capabilities:
        with pytest.raises(streamkit.UnsupportedOperation, match=r"image_builders\.create"):
            cloud.images.create_updated(harness.base_image, "patched")
        return
    source = _private_image(harness, "golden")
    asked = cloud.images.create_updated(source, "golden-patched", dry_run=True)
    assert asked.dry_run and asked.updates_available is True and asked.image.id == source
    with pytest.raises(streamkit.NotFound):
        cloud.images.get("golden-patched")  # a dry run makes nothing
    made = cloud.images.create_updated(source, "golden-patched", description="patched",
                                       tags={"team": "design"})
    assert made.image.id == "golden-patched" and made.image.state is ImageState.PENDING
    assert not made.dry_run
    with pytest.raises(streamkit.ConcurrentModification):  # one update of an image at a time
        cloud.images.create_updated(source, "golden-patched-2")
    image = cloud.wait_until_image_available("golden-patched")
    assert image.state is ImageState.AVAILABLE and image.description == "patched"
    assert cloud.images.tags("golden-patched") == {"team": "design"}
    again = cloud.images.create_updated("golden-patched", "x", dry_run=True)
    assert again.updates_available is False  # up to date already
    with pytest.raises(streamkit.AlreadyExists):
        cloud.images.create_updated(source, "golden-patched")


def test_managed_update_rules(harness: Harness) -> None:
    cloud = harness.cloud
    if Capability.IMAGE_MANAGED_UPDATE not in cloud.capabilities:
        pytest.skip("no managed image updates on this provider")
    with pytest.raises(streamkit.PermissionDenied):  # a public image is not yours
        cloud.images.create_updated(harness.base_image, "mine")
    linux = _private_image(harness, "penguin", platform="AMAZON_LINUX2")
    with pytest.raises(streamkit.InvalidRequest):  # Windows images only
        cloud.images.create_updated(linux, "penguin-patched")
    with pytest.raises(streamkit.ValidationError, match="new_name"):
        cloud.images.create_updated(linux, "-bad")
