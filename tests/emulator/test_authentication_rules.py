"""Authentication as the clouds check it, over the wire: SigV4's date, scope date and region
(AppStream's JSON codes, EC2's query codes) and ACS3's date, nonce and signed headers (the
Alibaba gateway's codes). Each refused request does nothing."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest

import streamkit
from streamkit.testing.emulator import Emulator
from tests.emulator.wire import (
    FORM_TYPE,
    Answer,
    RawConnection,
    acs3_headers,
    appstream_headers,
    head,
    sigv4_headers,
)

MINUTE = 60.0
STACK = json.dumps({"Name": "signed"}).encode()
EC2_FORM = urllib.parse.urlencode({"Action": "DescribeFastLaunchImages",
                                   "Version": "2016-11-15"}).encode()


def send(emu: Emulator, headers: dict[str, str], body: bytes) -> Answer:
    with RawConnection(emu) as conn:
        return conn.exchange(head(headers, length=len(body)) + body)


def stacks(emu: Emulator) -> list[str]:
    cloud = streamkit.connect("aws", **emu.connect_args("aws"))
    return [s.id for s in cloud.stacks.list()]


def early(emu: Emulator) -> float:
    """Just over 15 minutes before the earliest time a caller's clock can show."""
    return emu.clock.caller_span()[0] - 15 * MINUTE - 1


def late(emu: Emulator) -> float:
    """Just over 15 minutes after the latest time a caller's clock can show."""
    return emu.clock.caller_span()[1] + 15 * MINUTE + 1


# -- SigV4: AppStream (JSON 1.1) ----------------------------------------------------------------

def test_a_request_signed_at_the_emulators_time_is_served(emu: Emulator) -> None:
    answer = send(emu, appstream_headers(emu, "CreateStack", STACK), STACK)
    assert answer.status == 200, answer
    assert stacks(emu) == ["signed"]


def test_callers_clock_stays_valid_after_the_emulator_clock_jumps(emu: Emulator) -> None:
    signed_now = emu.clock.now()
    emu.clock.advance(6 * 3600)  # a test's jump; the caller's own clock did not move
    assert send(emu, appstream_headers(emu, "DescribeStacks", b"{}", when=signed_now),
                b"{}").status == 200
    assert stacks(emu) == []  # the real boto3, signing with its own clock, too


SIGV4_REFUSALS: dict[str, tuple[dict[str, Any], str]] = {
    "date over 15 min before the clock": ({"when": "early"}, "Signature expired: "),
    "date over 15 min after the clock": ({"when": "late"}, "Signature not yet current: "),
    "scope date is another day": ({"scope_when": "yesterday"},
                                  "Date in Credential scope does not match"),
    "unknown region": ({"region": "zz-nowhere-9"}, "scoped to a valid region, not 'zz-nowhere-9'"),
    "region AppStream does not serve": ({"region": "us-west-1"},
                                        "scoped to a valid region, not 'us-west-1'"),
}


def _sign_args(emu: Emulator, spec: dict[str, Any]) -> dict[str, Any]:
    times = {"early": early(emu), "late": late(emu),
             "yesterday": emu.clock.now() - 24 * 3600}
    return {k: times.get(v, v) for k, v in spec.items()}


@pytest.mark.parametrize("case", sorted(SIGV4_REFUSALS))
def test_appstream_refuses_with_invalid_signature_exception(emu: Emulator, case: str) -> None:
    spec, message = SIGV4_REFUSALS[case]
    answer = send(emu, appstream_headers(emu, "CreateStack", STACK, **_sign_args(emu, spec)),
                  STACK)
    assert (answer.status, answer.json()["__type"]) == (400, "InvalidSignatureException")
    assert message in answer.json()["message"]
    assert stacks(emu) == []


def test_appstream_refuses_an_unreadable_date_as_incomplete(emu: Emulator) -> None:
    headers = appstream_headers(emu, "CreateStack", STACK)
    headers["X-Amz-Date"] = "yesterday"
    answer = send(emu, headers, STACK)
    assert (answer.status, answer.json()["__type"]) == (400, "IncompleteSignatureException")
    assert stacks(emu) == []


# -- SigV4: EC2 (query) ------------------------------------------------------------------------

EC2_REFUSALS: dict[str, tuple[dict[str, Any], str, int]] = {
    "date over 15 min before the clock": ({"when": "early"}, "RequestExpired", 400),
    "date over 15 min after the clock": ({"when": "late"}, "RequestExpired", 400),
    "scope date is another day": ({"scope_when": "yesterday"}, "SignatureDoesNotMatch", 403),
    "unknown region": ({"region": "zz-nowhere-9"}, "SignatureDoesNotMatch", 403),
}


def ec2_call(emu: Emulator, **sign: Any) -> Answer:
    headers = sigv4_headers(emu, EC2_FORM, {"Content-Type": FORM_TYPE}, service="ec2", **sign)
    return send(emu, headers, EC2_FORM)


def test_ec2_serves_a_request_signed_at_the_emulators_time(emu: Emulator) -> None:
    assert ec2_call(emu).status == 200


@pytest.mark.parametrize("case", sorted(EC2_REFUSALS))
def test_ec2_refuses_with_its_own_codes(emu: Emulator, case: str) -> None:
    spec, code, status = EC2_REFUSALS[case]
    answer = ec2_call(emu, **_sign_args(emu, spec))
    assert answer.status == status, answer
    assert f"<Code>{code}</Code>" in answer.body.decode()


# -- ACS3-HMAC-SHA256: Alibaba ----------------------------------------------------------------

LIST_IMAGES = urllib.parse.urlencode({"ProductType": "CloudApp"}).encode()


def alibaba(emu: Emulator, headers: dict[str, str], body: bytes = LIST_IMAGES) -> Answer:
    return send(emu, headers, body)


def test_alibaba_refuses_a_replayed_nonce(emu: Emulator) -> None:
    headers = acs3_headers(emu, "ListImage", LIST_IMAGES)
    assert alibaba(emu, headers).status == 200
    again = alibaba(emu, headers)
    assert (again.status, again.json()["Code"]) == (400, "SignatureNonceUsed")


@pytest.mark.parametrize("when", ["early", "late"])
def test_alibaba_refuses_a_stale_or_future_date(emu: Emulator, when: str) -> None:
    answer = alibaba(emu, acs3_headers(emu, "ListImage", LIST_IMAGES,
                                       when=early(emu) if when == "early" else late(emu)))
    assert (answer.status, answer.json()["Code"]) == (400, "InvalidTimeStamp.Expired")


@pytest.mark.parametrize("date", ["yesterday", "2026-01-01 00:00:00", "20260101T000000Z",
                                  "2026-13-45T99:00:00Z"])
def test_alibaba_refuses_a_garbage_date(emu: Emulator, date: str) -> None:
    answer = alibaba(emu, acs3_headers(emu, "ListImage", LIST_IMAGES, date=date))
    assert (answer.status, answer.json()["Code"]) == (400, "InvalidTimeStamp.Format")


def test_alibaba_refuses_a_missing_date(emu: Emulator) -> None:
    answer = alibaba(emu, acs3_headers(emu, "ListImage", LIST_IMAGES, drop=["x-acs-date"]))
    assert (answer.status, answer.json()["Code"]) == (400, "MissingTimestamp")


def test_alibaba_refuses_a_missing_nonce(emu: Emulator) -> None:
    answer = alibaba(emu, acs3_headers(emu, "ListImage", LIST_IMAGES,
                                       drop=["x-acs-signature-nonce"]))
    assert (answer.status, answer.json()["Code"]) == (400, "MissingSignatureNonce")


@pytest.fixture
def user_image(emu: Emulator) -> Iterator[str]:
    yield emu.alibaba.add_image("kept")


def images(emu: Emulator, image_id: str) -> list[str]:
    body = urllib.parse.urlencode({"ImageId": image_id}).encode()
    answer = alibaba(emu, acs3_headers(emu, "ListImage", body), body)
    return [i["ImageId"] for i in answer.json()["Data"]]


def test_alibaba_refuses_a_signature_that_leaves_out_the_action(emu: Emulator,
                                                                user_image: str) -> None:
    body = urllib.parse.urlencode({"ImageId": user_image}).encode()
    headers = acs3_headers(emu, "ListImage", body, unsigned=["x-acs-action"])
    headers["x-acs-action"] = "DeleteImage"  # the swap an unsigned header allows
    answer = alibaba(emu, headers, body)
    assert (answer.status, answer.json()["Code"]) == (400, "IncompleteSignature")
    assert "x-acs-action" in answer.json()["Message"]
    assert images(emu, user_image) == [user_image]


@pytest.mark.parametrize("header", ["host", "x-acs-version", "x-acs-date",
                                    "x-acs-signature-nonce", "x-acs-content-sha256"])
def test_alibaba_refuses_any_common_header_left_unsigned(emu: Emulator, header: str) -> None:
    answer = alibaba(emu, acs3_headers(emu, "ListImage", LIST_IMAGES, unsigned=[header]))
    assert (answer.status, answer.json()["Code"]) == (400, "IncompleteSignature")


def test_alibaba_sdk_keeps_working_after_the_clock_jumps(emu: Emulator) -> None:
    emu.clock.advance(6 * 3600)
    cloud = streamkit.connect("alibaba", **emu.connect_args("alibaba"))
    assert cloud.images.list()
