"""Reads under a storm of faults: right answers, bounded attempts, a clean give-up.

1,000 mixed reads per provider run while 20% of requests are throttled, 5% answer a 5xx and
2% lose their connection (before or after the server acted). Every read must return what a
fault-free read returned, and no API call may send more requests than the policy allows
(counted by the emulator). Retries sleep on the emulator clock, so none of this waits.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

import streamkit
from streamkit import RetryPolicy
from streamkit.testing import Emulator
from tests.harness import Harness

READS = 1_000
MAX_ATTEMPTS = 8
#: (kind, rate): 20% throttling, 5% 5xx (500 and 503), 2% dropped connections
FAULT_MIX = (("throttle", 0.20), ("server_error", 0.025), ("unavailable", 0.025),
             ("drop_before", 0.01), ("drop_after", 0.01))

Read = Callable[[streamkit.StreamingCloud], Any]


def _populate(harness: Harness) -> dict[str, Read]:
    """Three running deployments with sessions; the reads to repeat, by name."""
    cloud = harness.cloud
    deployments = [cloud.deploy(harness.deployment_spec(f"load{i}", desired=2))
                   for i in range(3)]
    harness.advance(harness.fleet_start_seconds + 1)
    for i, d in enumerate(deployments):
        for user in range(4 + i):
            harness.add_session(d.stack.id, d.fleet.id, f"user{user}")
    image = harness.base_image
    reads: dict[str, Read] = {"images.get": lambda c: c.images.get(image),
                              "images.list_page": lambda c: c.images.list_page(page_size=3),
                              "fleets.list_page": lambda c: c.fleets.list_page(page_size=10),
                              "stacks.list_page": lambda c: c.stacks.list_page(page_size=10)}
    for i, d in enumerate(deployments):
        stack_id, fleet_id = d.stack.id, d.fleet.id
        reads[f"fleets.get {i}"] = lambda c, f=fleet_id: c.fleets.get(f)
        reads[f"stacks.get {i}"] = lambda c, s=stack_id: c.stacks.get(s)
        reads[f"sessions.list {i}"] = lambda c, s=stack_id: sorted(
            c.sessions.list(s), key=lambda x: x.id)
        reads[f"sessions.list_page {i}"] = lambda c, s=stack_id, f=fleet_id: \
            c.sessions.list_page(s, fleet_id=f, page_size=50)
    return reads


def _add_fault_mix(emu: Emulator, provider: str) -> list[Any]:
    return [emu.faults.add(kind, provider=provider, rate=rate, seed=f"reads/{provider}/{kind}")
            for kind, rate in FAULT_MIX]


def test_a_thousand_reads_under_faults_return_the_right_data(harness: Harness) -> None:
    emu, provider = harness.emulator, harness.provider
    reads = _populate(harness)
    expected = {name: read(harness.cloud) for name, read in reads.items()}
    retries: list[streamkit.RetryEvent] = []
    records: list[streamkit.CallRecord] = []  # one per attempt (a request the emulator saw)
    cloud = harness.connect(retry=RetryPolicy(max_attempts=MAX_ATTEMPTS,
                                              on_retry=retries.append),
                            hooks=streamkit.Hooks(on_call=records.append))
    rules = _add_fault_mix(emu, provider)
    plan = random.Random(5).choices(sorted(reads), k=READS)
    wrong: list[str] = []
    clock_started = emu.clock.now()
    for name in plan:
        result = reads[name](cloud)
        if result != expected[name]:
            wrong.append(name)
    # A call's last attempt is the one before the next call's first: attempts per call.
    attempts: Counter[int] = Counter(
        record.attempt for record, following in zip(records, [*records[1:], None], strict=True)
        if following is None or following.attempt == 1)
    emulated = emu.clock.now() - clock_started
    fired = {rule.kind: rule.fired for rule in rules}
    print(f"\n[{provider}] {READS} reads, {sum(attempts.values())} API calls, "
          f"{emu.faults.seen(provider)} requests; faults fired {fired}; attempts per call "
          f"{dict(sorted(attempts.items()))}; max {max(attempts)}; {len(retries)} retries; "
          f"{emulated:.0f} s on the emulator clock")
    assert wrong == []
    assert max(attempts) <= MAX_ATTEMPTS
    assert all(fired.values()), fired  # every kind of fault really happened
    calls, sent = sum(attempts.values()), len(records)
    assert sent == emu.faults.seen(provider) and len(retries) == sent - calls


@pytest.mark.parametrize("give_up", ["attempts", "deadline"])
def test_permanent_throttling_gives_up_with_the_clouds_error(harness: Harness,
                                                             give_up: str) -> None:
    emu, provider = harness.emulator, harness.provider
    policy = (RetryPolicy() if give_up == "attempts" else
              RetryPolicy(max_attempts=100, deadline=10.0, wait_initial=1.0, wait_max=4.0))
    cloud = harness.connect(retry=policy)
    emu.faults.add("throttle", provider=provider)
    clock_started = emu.clock.now()
    with pytest.raises(streamkit.Throttled) as err:
        cloud.images.get(harness.base_image)
    emulated = emu.clock.now() - clock_started
    sent = emu.faults.seen(provider)
    print(f"\n[{provider}] 100% throttling, give up on {give_up}: {sent} requests, "
          f"{emulated:.2f} s emulated")
    assert err.value.code == ("ThrottlingException" if provider == "aws" else "Throttling.User")
    assert err.value.request_id and err.value.http_status == 400
    assert err.value.__cause__ is not None
    assert policy.deadline is not None and 0 < emulated <= policy.deadline  # slept on it
    if give_up == "attempts":
        assert sent == policy.max_attempts
    else:
        assert 2 < sent < policy.max_attempts
