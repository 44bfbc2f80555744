"""The emulator's fault injection: each kind on each cloud, targeting, seeds, the HTTP API."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

import streamkit
from streamkit import RetryPolicy
from streamkit.testing import Emulator
from streamkit.testing.core.faults import Faults
from streamkit.testing.ec2.state import SEED_IMAGES
from tests.harness import AwsHarness, Harness

#: kind -> (error class, AWS code, Alibaba code, HTTP status, the server acted)
EXPECTED: dict[str, tuple[type[streamkit.ProviderError], str, str, int | None, bool]] = {
    "throttle": (streamkit.Throttled, "ThrottlingException", "Throttling.User", 400, False),
    "server_error": (streamkit.ServiceUnavailable, "InternalFailure", "InternalError", 500,
                     False),
    "unavailable": (streamkit.ServiceUnavailable, "ServiceUnavailable", "ServiceUnavailable",
                    503, False),
    "drop_before": (streamkit.ServiceUnavailable, "ConnectionClosedError", "ConnectionError",
                    None, False),
    "drop_after": (streamkit.ServiceUnavailable, "ConnectionClosedError", "ConnectionError",
                   None, True),
    "slow": (streamkit.ServiceUnavailable, "ReadTimeoutError", "ConnectionError", None, True),
    "malformed": (streamkit.ServiceUnavailable, "ResponseParserError", "MalformedResponse",
                  None, True),
}


def _control(emu: Emulator, route: str, payload: Any = None,
             method: str = "POST") -> tuple[int, Any]:
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(f"{emu.aws_endpoint}/_streamkit/{route}", data=data,
                                     method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def _tags_op(harness: Harness) -> str:
    return "TagResource" if harness.provider == "aws" else "TagCloudResources"


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_each_fault_kind_reaches_the_client_as_the_cloud_would_send_it(harness: Harness,
                                                                       kind: str) -> None:
    emu, provider = harness.emulator, harness.provider
    deployment = harness.cloud.deploy(harness.deployment_spec("f"))
    cloud = harness.connect(retry=RetryPolicy(max_attempts=1), timeout=0.2)
    cls, aws_code, ali_code, status, acted = EXPECTED[kind]
    rule = emu.faults.add(kind, provider=provider, operation=_tags_op(harness), delay=0.3)
    before = emu.clock.now()
    with pytest.raises(cls) as err:
        cloud.stacks.tag(deployment.stack.id, {"fault": kind})
    assert emu.clock.now() == before  # one attempt, no retry sleep (the code says which fault)
    assert err.value.code == (aws_code if provider == "aws" else ali_code)
    assert err.value.http_status == status and rule.fired == 1
    if status is not None:
        assert err.value.request_id  # the cloud's own error body, request id and all
    if kind == "throttle" and provider == "alibaba":
        assert err.value.retry_after == 0.1  # x-acs-retry-after: 100 (ms)
    assert err.value.maybe_applied is (kind not in ("throttle",))
    emu.faults.clear()
    assert (harness.cloud.stacks.tags(deployment.stack.id) == {"fault": kind}) is acted


def test_ec2_faults_come_as_ec2_errors(emulator: Emulator) -> None:
    aws = AwsHarness(emulator)
    cloud = aws.connect(retry=RetryPolicy(max_attempts=1))
    image_id = SEED_IMAGES[0][0]
    emulator.faults.add("throttle", provider="ec2", operation="EnableFastLaunch")
    with pytest.raises(streamkit.Throttled) as err:
        cloud.fast_launch.enable(image_id)
    assert (err.value.code, err.value.http_status) == ("RequestLimitExceeded", 503)
    emulator.faults.add("malformed", provider="ec2")  # XML cut in half
    with pytest.raises(streamkit.ServiceUnavailable) as broken:
        cloud.fast_launch.get(image_id)
    assert broken.value.maybe_applied and broken.value.code == "ResponseParserError"


def test_rules_target_one_operation_count_down_and_go_first_come_first_served(
        harness: Harness) -> None:
    emu, provider = harness.emulator, harness.provider
    cloud = harness.connect(retry=RetryPolicy(max_attempts=1))
    read = "DescribeImages" if provider == "aws" else "ListImage"
    emu.faults.add("error", provider=provider, operation=read, code="First", count=2)
    emu.faults.add("error", provider=provider, operation=read, code="Second", count=1)
    emu.faults.add("throttle", provider="nobody")  # another cloud: never fires here
    assert cloud.stacks.list_page().items == ()  # another operation: untouched
    codes = []
    for _ in range(4):
        try:
            cloud.images.get(harness.base_image)
            codes.append("ok")
        except streamkit.ProviderError as exc:
            codes.append(exc.code)
    assert codes == ["First", "First", "Second", "ok"]
    assert [r.provider for r in emu.faults.rules] == ["nobody"]  # used-up rules are gone
    assert emu.faults.requests[(provider, read)] == 4


def test_rates_follow_the_seed(harness: Harness) -> None:
    emu, provider = harness.emulator, harness.provider
    cloud = harness.connect(retry=RetryPolicy(max_attempts=1))

    def pattern(seed: int) -> str:
        emu.faults.clear()
        emu.faults.add("unavailable", provider=provider, rate=0.3, seed=seed)
        out = ""
        for _ in range(60):
            try:
                cloud.images.get(harness.base_image)
                out += "."
            except streamkit.ServiceUnavailable:
                out += "x"
        return out

    first, again, other = pattern(7), pattern(7), pattern(8)
    assert first == again and first != other
    assert 8 <= first.count("x") <= 30


def test_the_no_fault_path_does_no_fault_work(emulator: Emulator) -> None:
    assert not emulator.faults.active
    AwsHarness(emulator).cloud.stacks.list_page()
    assert not emulator.faults.requests  # nothing counted while no rule is set
    emulator.faults.counting = True
    AwsHarness(emulator).cloud.stacks.list_page()
    assert emulator.faults.requests == {("aws", "DescribeStacks"): 1}
    emulator.reset()
    assert not emulator.faults.active and not emulator.faults.requests


def test_the_http_control_api(emulator: Emulator) -> None:
    status, body = _control(emulator, "faults", {"provider": "aws", "operation":
                                                 "DescribeStacks", "kind": "throttle",
                                                 "rate": 0.5, "seed": 3})
    assert status == 200 and body["added"] == 1
    assert body["rules"][0] == {
        "provider": "aws", "operation": "DescribeStacks", "kind": "throttle", "rate": 0.5,
        "count": None, "seed": 3, "code": None, "status": None, "message": None,
        "retry_after_ms": 100, "delay": 1.0, "body": None, "fired": 0}
    status, body = _control(emulator, "faults", [{"kind": "drop_after", "count": 1},
                                                 {"kind": "slow", "delay": 0.01}])
    assert status == 200 and body["added"] == 2 and len(body["rules"]) == 3
    status, body = _control(emulator, "faults", {"rules": [{"kind": "malformed"}]})
    assert status == 200 and len(body["rules"]) == 4
    status, body = _control(emulator, "faults", method="GET")
    assert status == 200 and len(body["rules"]) == 4 and body["requests"] == []
    assert _control(emulator, "faults/clear", {"provider": "aws"}) == (200, {"cleared": 1})
    assert _control(emulator, "faults", method="DELETE") == (200, {"cleared": 3})
    for bad in ({"kind": "gremlins"}, {"kind": "throttle", "rate": 2},
                {"kind": "error"}, {"kind": "slow", "delay": 99}, {"kind": "throttle",
                                                                   "count": 0},
                {"kind": "throttle", "nonsense": 1}, {"rate": 0.5}, [1, 2], "throttle",
                [{"kind": "throttle"}, {"kind": "bogus"}]):
        status, body = _control(emulator, "faults", bad)
        assert status == 400 and body["message"], bad
    assert emulator.faults.rules == []  # a bad list sets none of its rules


def test_the_python_api_checks_its_rules() -> None:
    faults = Faults()
    for bad in ({"kind": "nope"}, {"kind": "throttle", "rate": -0.1},
                {"kind": "throttle", "status": 200}, {"kind": "error", "code": ""},
                {"kind": "throttle", "seed": 1.5}, {"kind": "throttle", "operation": 3}):
        with pytest.raises(ValueError):
            faults.add(**bad)
    rule = faults.add("throttle", rate=0.5)
    other = faults.add("throttle", rate=0.5)
    assert rule.seed != other.seed  # default seeds differ, so rules do not fire in step
    assert repr(faults) == "streamkit.testing.core.faults.Faults(rules=2)"
