"""Fan-out over many clouds: every result kept, every failure kept apart; the lazy facade."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

import streamkit
from streamkit import Credentials, RetryPolicy
from streamkit.testing import Emulator

REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")


def _aws(emulator: Emulator, region: str, **overrides: object) -> streamkit.StreamingCloud:
    args = emulator.connect_args("aws", region=region)
    args.update(overrides)
    return streamkit.connect("aws", **args)


def test_one_read_on_every_cloud_keyed_by_cloud(emulator: Emulator) -> None:
    clouds = [_aws(emulator, r) for r in REGIONS]
    clouds.append(streamkit.connect("alibaba", **emulator.connect_args("alibaba")))
    for cloud in clouds:
        if streamkit.Capability.STACK_CREATE in cloud.capabilities:
            cloud.stacks.create(streamkit.StackSpec(name=f"in-{cloud.region}"))
    found = streamkit.inventory(clouds, lambda cloud: [s.name for s in cloud.stacks.list()])
    assert found.ok and not found.errors
    assert list(found.results) == clouds  # in the order given
    assert [found.results[c] for c in clouds[:3]] == [[f"in-{r}"] for r in REGIONS]
    assert found.results[clouds[3]] == []
    assert set(found.elapsed) == set(clouds)


def test_failing_clouds_lose_no_other_cloud_s_result(emulator: Emulator) -> None:
    no_retry = RetryPolicy(max_attempts=1)
    clouds = {
        ("aws", "us-east-1"): _aws(emulator, "us-east-1"),
        ("aws", "eu-west-1", "wrong key"): _aws(
            emulator, "eu-west-1", credentials=Credentials("SKWRONGKEY", "wrong"), retry=no_retry),
        ("aws", "unreachable"): _aws(emulator, "us-west-2", endpoint_url="http://127.0.0.1:9",
                                     retry=no_retry, timeout=2.0),
        ("alibaba", "cn-shanghai"): streamkit.connect("alibaba",
                                                      **emulator.connect_args("alibaba")),
    }
    found = streamkit.inventory(clouds, lambda cloud: len(list(cloud.fleets.list())))
    assert found.results == {("aws", "us-east-1"): 0, ("alibaba", "cn-shanghai"): 0}
    assert set(found.errors) == {("aws", "eu-west-1", "wrong key"), ("aws", "unreachable")}
    assert isinstance(found.errors[("aws", "eu-west-1", "wrong key")], streamkit.PermissionDenied)
    assert isinstance(found.errors[("aws", "unreachable")], streamkit.ServiceUnavailable)
    assert not found.ok


def test_reads_run_concurrently_and_any_exception_is_kept(emulator: Emulator) -> None:
    clouds = [_aws(emulator, r) for r in REGIONS]
    everyone_in = threading.Barrier(len(clouds), timeout=10)

    def read(cloud: streamkit.StreamingCloud) -> str:
        everyone_in.wait()  # only passes if all reads run at once
        if cloud is clouds[1]:
            raise KeyError("a bug in the caller's read")
        return cloud.region

    found = streamkit.inventory(clouds, read)
    assert found.results == {clouds[0]: REGIONS[0], clouds[2]: REGIONS[2]}
    assert isinstance(found.errors[clouds[1]], KeyError)


def test_inventory_checks_its_input(emulator: Emulator) -> None:
    cloud = _aws(emulator, "us-east-1")
    def region(c: streamkit.StreamingCloud) -> str:
        return c.region

    assert streamkit.inventory([], region).results == {}
    with pytest.raises(streamkit.ValidationError, match="clouds"):
        streamkit.inventory(["us-east-1"], region)  # type: ignore[list-item]
    with pytest.raises(streamkit.ValidationError, match="max_workers"):
        streamkit.inventory([cloud], region, max_workers=0)


def test_import_streamkit_is_lazy_and_every_public_name_resolves() -> None:
    code = ("import sys, streamkit; print(sorted(m for m in ('attr', 'tenacity', "
            "'streamkit.client') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
    for name in streamkit.__all__:
        assert getattr(streamkit, name) is not None
    assert streamkit.waiting.WaitSpec is not None  # submodules load on first use too
    with pytest.raises(AttributeError):
        streamkit.no_such_name  # type: ignore[attr-defined]  # noqa: B018


def test_the_function_stays_the_function_whichever_name_is_read_first() -> None:
    code = ("import streamkit; streamkit.Inventory; "
            "print(type(streamkit.inventory).__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "function"
