"""``cloud.aws.users``: the user pool, through boto3 over HTTP against the emulator."""

from __future__ import annotations

import logging

import pytest

import streamkit
from streamkit import Capability, StreamingCloud
from streamkit.aws import User, UserStatus
from streamkit.testing import Emulator
from tests.harness import AwsHarness

ANA = "ana@example.com"


@pytest.fixture
def cloud(emulator: Emulator) -> StreamingCloud:
    return AwsHarness(emulator).cloud


def test_users_is_an_aws_capability(cloud: StreamingCloud) -> None:
    assert Capability.AWS_USERS in cloud.capabilities
    assert Capability.AWS_USERS.only_on is streamkit.Provider.AWS


def test_create_get_list_then_entitle_to_a_stack(cloud: StreamingCloud,
                                                 emulator: Emulator) -> None:
    assert cloud.aws.users.create(ANA, first_name="Ana", last_name="Lima") is None
    user = cloud.aws.users.get(ANA)
    assert isinstance(user, User)
    assert (user.user_name, user.first_name, user.last_name, user.enabled) == (
        ANA, "Ana", "Lima", True)
    assert (user.status, user.raw_status) == (UserStatus.FORCE_CHANGE_PASSWORD,
                                              "FORCE_CHANGE_PASSWORD")
    assert user.arn is not None and user.arn.endswith(f"user/userpool/{ANA}")
    assert user.created_at is not None and user.created_at.tzinfo is not None
    assert [u.user_name for u in cloud.aws.users.list()] == [ANA]
    assert emulator.aws.welcome_emails(ANA) == 1
    # what the user pool is for: entitle the user to a stack without the console
    cloud.stacks.create(streamkit.StackSpec(name="pool-stack"))
    cloud.stacks.authorize_users("pool-stack", [ANA])
    assert list(cloud.stacks.list_users("pool-stack")) == [ANA]


def test_send_email_false_suppresses_the_welcome_and_resend_mails_again(
        cloud: StreamingCloud, emulator: Emulator) -> None:
    cloud.aws.users.create(ANA, send_email=False)
    assert emulator.aws.welcome_emails(ANA) == 0
    cloud.aws.users.resend_invitation(ANA)
    assert emulator.aws.welcome_emails(ANA) == 1
    with pytest.raises(streamkit.InvalidRequest, match="RESEND"):
        cloud.aws.users.resend_invitation("nobody@example.com")


def test_user_names_are_case_sensitive(cloud: StreamingCloud) -> None:
    cloud.aws.users.create("Ana@Example.com")
    cloud.aws.users.create(ANA)  # another user
    with pytest.raises(streamkit.AlreadyExists):
        cloud.aws.users.create(ANA)
    assert cloud.aws.users.get("Ana@Example.com").user_name == "Ana@Example.com"
    with pytest.raises(streamkit.NotFound):
        cloud.aws.users.get("ANA@EXAMPLE.COM")
    with pytest.raises(streamkit.NotFound):
        cloud.aws.users.enable("ANA@EXAMPLE.COM")


def test_disable_enable_delete(cloud: StreamingCloud) -> None:
    cloud.aws.users.create(ANA)
    cloud.aws.users.disable(ANA)
    assert cloud.aws.users.get(ANA).enabled is False
    cloud.aws.users.enable(ANA)
    assert cloud.aws.users.get(ANA).enabled is True
    cloud.aws.users.delete(ANA)
    with pytest.raises(streamkit.NotFound):
        cloud.aws.users.get(ANA)
    with pytest.raises(streamkit.NotFound):
        cloud.aws.users.disable(ANA)


def test_pages_resume_with_cursors(cloud: StreamingCloud, emulator: Emulator) -> None:
    names = [f"user{i}@example.com" for i in range(7)]
    for name in names:
        emulator.clock.advance(1)
        cloud.aws.users.create(name, send_email=False)
    seen: list[str] = []
    cursor = None
    while True:
        page = cloud.aws.users.list_page(page_size=3, cursor=cursor)
        assert len(page) <= 3
        seen += [u.user_name for u in page]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == names
    assert [u.user_name for u in cloud.aws.users.list()] == names
    with pytest.raises(streamkit.ValidationError) as bad:
        cloud.aws.users.list_page(page_size=501)
    assert bad.value.field == "page_size"


def test_a_cursor_of_another_listing_is_refused(cloud: StreamingCloud) -> None:
    for i in range(3):
        cloud.aws.users.create(f"u{i}@example.com", send_email=False)
    cursor = cloud.aws.users.list_page(page_size=1).next_cursor
    assert cursor is not None
    with pytest.raises(streamkit.ValidationError) as bad:
        cloud.aws.directories.list_page(cursor=cursor)
    assert bad.value.field == "cursor"


@pytest.mark.parametrize(("call", "field"), [
    (lambda u: u.create("not-an-email"), "user_name"),
    (lambda u: u.create("a b@example.com"), "user_name"),
    (lambda u: u.create("x" * 120 + "@example.com"), "user_name"),
    (lambda u: u.create(ANA, first_name="Ana!"), "first_name"),
    (lambda u: u.create(ANA, send_email="no"), "send_email"),
    (lambda u: u.get(42), "user_name"),
    (lambda u: u.delete(""), "user_name"),
])
def test_bad_input_names_the_field_before_sending(emulator: Emulator, call: object,
                                                  field: str) -> None:
    records: list[streamkit.CallRecord] = []
    cloud = AwsHarness(emulator).connect(hooks=streamkit.Hooks(on_call=records.append))
    with pytest.raises(streamkit.ValidationError) as bad:
        call(cloud.aws.users)  # type: ignore[operator]
    assert bad.value.field == field
    assert records == []


def test_user_names_stay_out_of_the_sdk_logs(cloud: StreamingCloud,
                                             caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="botocore"):
        cloud.aws.users.create(ANA, first_name="Ana")
        list(cloud.aws.users.list())
    text = caplog.text
    assert '"UserName":"********"' in text  # botocore logged the bodies, masked
    for shown in (f'"{ANA}"', f"'{ANA}'", '"Ana"', "'Ana'"):  # (the ARN may hold the name)
        assert shown not in text


def test_unknown_status_is_kept_raw(cloud: StreamingCloud, emulator: Emulator) -> None:
    cloud.aws.users.create(ANA)
    emulator.aws.state.region("us-east-1").users.get(ANA).status = "SOMETHING_NEW"  # type: ignore[union-attr]
    user = cloud.aws.users.get(ANA)
    assert (user.status, user.raw_status) == (UserStatus.UNKNOWN, "SOMETHING_NEW")
