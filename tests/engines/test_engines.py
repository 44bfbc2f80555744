"""The paging, retry and waiting engines on their own, with a controllable clock."""

from __future__ import annotations

from typing import Any

import pytest

import streamkit
from streamkit.calls import Body, CallContext, Reconcile
from streamkit.clock import Clock
from streamkit.errors import ServiceUnavailable, Throttled
from streamkit.models import Provider
from streamkit.paging import (
    FetchPage,
    Listing,
    PageNumberPaginator,
    TokenPaginator,
    fetcher,
    partitioned,
    walk,
)
from streamkit.retry import CallKind, RetryPolicy
from streamkit.testing import EmulatorClock
from streamkit.transport import Answer


def _throttled(retry_after: float | None = None) -> Throttled:
    return Throttled("slow down", provider=Provider.AWS, operation="Op", code="Throttling",
                     request_id="r-1", retry_after=retry_after)


def _lost(applied: bool) -> ServiceUnavailable:
    return ServiceUnavailable("lost", provider=Provider.AWS, operation="Op", code="500",
                              maybe_applied=applied)


def _unmapped(exc: Exception, operation: str) -> streamkit.ProviderError:
    raise AssertionError(f"only streamkit errors are scripted, not {exc!r}")


def call(policy: RetryPolicy, script: Script, *, kind: CallKind, clock: Clock,
         reconcile: Reconcile | None = None) -> Body:
    """One call through the one call path, sending the script's outcomes."""
    context = CallContext(provider=Provider.AWS, region="us-east-1", retry=policy, clock=clock)
    return context.attempts("Op", lambda: Answer(script(), None), _unmapped, kind, reconcile)


class Script:
    """A callable that raises or returns the scripted outcomes in order."""

    def __init__(self, *outcomes: Any) -> None:
        self.outcomes = list(outcomes)
        self.calls = 0

    def __call__(self) -> Any:
        self.calls += 1
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome


def test_backoff_is_capped_exponential_and_jitter_stays_below_the_ceiling() -> None:
    policy = RetryPolicy(jitter=False, wait_initial=1, wait_max=5)
    assert [policy.backoff(n, None) for n in range(1, 6)] == [1, 2, 4, 5, 5]
    jittered = RetryPolicy(wait_initial=1, wait_max=5)
    assert all(0 <= jittered.backoff(4, None) <= 5 for _ in range(200))
    assert policy.backoff(1, _throttled(retry_after=7)) == 7  # the cloud's hint wins


def test_throttled_reads_give_up_within_the_deadline_with_the_cloud_error() -> None:
    clock = EmulatorClock()
    start = clock.now()
    policy = RetryPolicy(max_attempts=50, deadline=10, wait_initial=1, wait_max=4, jitter=False)
    script = Script(*[_throttled() for _ in range(50)])
    with pytest.raises(Throttled) as err:
        call(policy, script, kind=CallKind.READ, clock=clock)
    assert err.value.request_id == "r-1"
    assert clock.now() - start <= 10
    assert 3 <= script.calls < 50


def test_a_create_that_failed_ambiguously_is_found_not_resent() -> None:
    clock = EmulatorClock()
    create = Script(_lost(applied=True), "should not be sent")
    result = call(RetryPolicy(jitter=False), create, kind=CallKind.CREATE,
                                            clock=clock, reconcile=lambda: {"found": True})
    assert result == {"found": True} and create.calls == 1


def test_a_create_that_failed_ambiguously_and_is_absent_is_sent_again() -> None:
    clock = EmulatorClock()
    create = Script(_lost(applied=True), {"created": True})
    result = call(RetryPolicy(jitter=False), create, kind=CallKind.CREATE,
                                            clock=clock, reconcile=lambda: None)
    assert result == {"created": True} and create.calls == 2


def test_a_create_without_reconcile_is_never_resent_after_an_ambiguous_failure() -> None:
    create = Script(_lost(applied=True), "duplicate!")
    with pytest.raises(ServiceUnavailable):
        call(RetryPolicy(), create, kind=CallKind.CREATE, clock=EmulatorClock())
    assert create.calls == 1


def test_a_delete_that_failed_ambiguously_then_finds_nothing_succeeded() -> None:
    gone = streamkit.NotFound("gone", provider=Provider.AWS, operation="Delete", code="NF")
    delete = Script(_lost(applied=True), gone)
    call(RetryPolicy(jitter=False), delete, kind=CallKind.DELETE,
                                   clock=EmulatorClock())
    assert delete.calls == 2


def _numbers(total: int, server_page: int) -> Listing[int]:
    def fetch(token: Any, size: int | None) -> tuple[list[int], Any]:
        start = int(token or 0)
        end = min(start + server_page, total)
        return list(range(start, end)), (str(end) if end < total else None)

    return Listing(key="test/numbers", fetch=fetch)


def test_listing_cuts_pages_on_our_side_when_the_cloud_has_no_page_size() -> None:
    listing = _numbers(23, server_page=10)
    assert list(listing) == list(range(23))
    seen: list[int] = []
    page = listing.page(page_size=4)
    while True:
        assert len(page.items) <= 4
        seen.extend(page.items)
        if page.next_cursor is None:
            break
        page = listing.page(page_size=4, cursor=page.next_cursor)
    assert seen == list(range(23))


def test_cursor_of_another_listing_or_forged_is_refused() -> None:
    page = _numbers(23, 10).page(page_size=5)
    other = Listing(key="test/other", fetch=lambda t, s: ([], None))
    with pytest.raises(streamkit.ValidationError, match="another listing"):
        other.page(page_size=5, cursor=page.next_cursor)
    for forged in ("", "!!!", "e30", "eyJ2IjoxLCJsIjoieCIsInQiOm51bGwsInMiOi0xfQ"):
        with pytest.raises(streamkit.ValidationError) as err:
            _numbers(23, 10).page(cursor=forged)
        assert err.value.field == "cursor"


def test_token_paginator_sends_the_token_and_asks_for_its_largest_page_by_default() -> None:
    paginator = TokenPaginator(result_key="Items", limit_key="MaxResults", max_page=25)
    assert paginator.params({"Names": ["a"]}, None, None) == {"Names": ["a"], "MaxResults": 25}
    assert paginator.params({}, "t-2", 5) == {"NextToken": "t-2", "MaxResults": 5}
    assert paginator.next_token({"NextToken": "t-3"}, None, None, 1) == "t-3"
    assert paginator.next_token({"NextToken": ""}, None, None, 1) is None
    for forged in (3, "", ["t"]):
        with pytest.raises(streamkit.ValidationError):
            paginator.params({}, forged, None)


def test_page_number_paginator_ends_on_the_total_or_on_a_short_page() -> None:
    counted = PageNumberPaginator(result_key="Items", max_page=10)
    assert counted.params({"A": 1}, None, None) == {"A": 1, "PageNumber": 1, "PageSize": 10}
    assert counted.next_token({"TotalCount": 25}, None, None, 10) == [2, 10]
    assert counted.next_token({"TotalCount": 25}, [3, 10], None, 5) is None
    uncounted = PageNumberPaginator(result_key="Items", max_page=10, total_key=None)
    assert uncounted.next_token({}, [1, 4], 4, 4) == [2, 4]
    assert uncounted.next_token({}, [2, 4], 4, 3) is None
    for forged in ([0, 10], [1, 11], [True, 2], "1", [1]):
        with pytest.raises(streamkit.ValidationError):
            counted.params({}, forged, None)


def test_one_loop_drives_a_declared_paginator_and_parts_in_turn() -> None:
    sent: list[dict[str, Any]] = []
    pages: dict[str | None, dict[str, Any]] = {None: {"Items": [1, 2], "NextToken": "b"},
                                               "b": {"Items": [3]}}

    def send(params: dict[str, Any]) -> dict[str, Any]:
        sent.append(params)
        return pages[params.get("NextToken")]

    paginator = TokenPaginator(result_key="Items")
    fetch = fetcher(send, paginator, {"Part": "x"}, lambda n: None if n == 2 else n * 10)
    assert list(walk(fetch)) == [10, 30]  # an item translated to None is left out
    assert sent == [{"Part": "x"}, {"Part": "x", "NextToken": "b"}]

    def part(name: str) -> FetchPage[str]:
        return fetcher(lambda p: pages[p.get("NextToken")], paginator, {},
                       lambda n: f"{name}{n}")

    listing = Listing(key="test/parts", fetch=partitioned(["a", "b"], part))
    assert list(listing) == ["a1", "a2", "a3", "b1", "b2", "b3"]
    first = listing.page()
    assert first.items == ("a1", "a2") and first.next_cursor is not None
    assert listing.page(cursor=first.next_cursor).items == ("a3",)
    with pytest.raises(streamkit.ValidationError):
        partitioned(["a"], part)([5, None], None)
