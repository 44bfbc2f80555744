"""Images, sessions and streaming access through the neutral API."""

from __future__ import annotations

import pytest

import streamkit
from streamkit import AccessKind, Capability, SessionState
from tests.harness import Harness


def test_images_list_get_and_pages(harness: Harness) -> None:
    cloud = harness.cloud
    images = list(cloud.images.list())
    assert harness.base_image in {i.id for i in images}
    image = cloud.images.get(harness.base_image)
    assert image.state is streamkit.ImageState.AVAILABLE and image.applications
    page = cloud.images.list_page(page_size=1)
    assert len(page.items) == 1 and page.next_cursor
    with pytest.raises(streamkit.NotFound):
        cloud.images.get("img-does-not-exist")


def test_sessions_list_filter_page_and_expire(harness: Harness) -> None:
    cloud = harness.cloud
    deployment = cloud.deploy(harness.deployment_spec("sess", desired=2))
    fleet = cloud.wait_until_fleet_running(deployment.fleet.id)
    stack_id = deployment.stack.id
    users = [f"user{i:02d}" for i in range(12)]
    for user in users:
        harness.add_session(stack_id, fleet.id, user)
    sessions = list(cloud.sessions.list(stack_id))
    assert sorted(s.user_id for s in sessions) == users
    assert all(s.state is SessionState.ACTIVE and s.stack_id == stack_id for s in sessions)
    assert {s.fleet_id for s in sessions} == {fleet.id}
    mine = list(cloud.sessions.list(stack_id, fleet_id=fleet.id, user_id="user03"))
    assert [s.user_id for s in mine] == ["user03"]

    page = cloud.sessions.list_page(stack_id, page_size=5)
    seen = list(page.items)
    while page.next_cursor:
        page = cloud.sessions.list_page(stack_id, page_size=5, cursor=page.next_cursor)
        seen.extend(page.items)
    assert sorted(s.id for s in seen) == sorted(s.id for s in sessions)

    cloud.sessions.expire(mine[0])
    left = {s.user_id for s in cloud.sessions.list(stack_id)}
    assert "user03" not in left and len(left) == 11


def test_streaming_access_is_redacted(harness: Harness) -> None:
    cloud = harness.cloud
    deployment = cloud.deploy(harness.deployment_spec("stream"))
    cloud.wait_until_fleet_running(deployment.fleet.id)
    access = cloud.sessions.connect(deployment.stack.id, "alice")
    secret = access.reveal()
    assert secret
    for text in (repr(access), str(access), f"{access.secret}", repr(access.secret)):
        assert secret not in text
    assert access.user_id == "alice"
    if Capability.STREAMING_URL_VALIDITY in cloud.capabilities:
        assert access.kind is AccessKind.URL and secret.startswith("https://")
        timed = cloud.sessions.connect(deployment.stack.id, "alice", validity=600)
        assert timed.expires_at is not None
        left = timed.expires_at.timestamp() - harness.emulator.clock.now()
        assert left == pytest.approx(600, abs=2)
    else:
        assert access.kind is AccessKind.TICKET
        with pytest.raises(streamkit.UnsupportedOperation):
            cloud.sessions.connect(deployment.stack.id, "alice", validity=600)
