"""Cursors resume after the last item they returned, whatever was deleted in between (issue 12).

30 stacks, a first page of 10, some of the listed ones deleted, then paging on: every stack
that existed throughout is returned exactly once, on both clouds, through the real SDKs.
"""

from __future__ import annotations

import base64
import json

import pytest

import streamkit
from streamkit import Capability
from tests.harness import Harness

TOTAL, SIZE = 30, 10


def make_stacks(harness: Harness) -> list[str]:
    cloud = harness.cloud
    ids = []
    for n in range(TOTAL):
        name = f"s{n:02d}"
        if Capability.STACK_CREATE in cloud.capabilities:
            ids.append(cloud.stacks.create(streamkit.StackSpec(name=name)).id)
        else:
            ids.append(cloud.deploy(harness.deployment_spec(name)).stack.id)
    return ids


def page_on(cloud: streamkit.StreamingCloud, cursor: str | None) -> list[str]:
    returned: list[str] = []
    while cursor is not None:
        page = cloud.stacks.list_page(page_size=SIZE, cursor=cursor)
        returned += [s.id for s in page.items]
        cursor = page.next_cursor
    return returned


@pytest.mark.parametrize("deleted", [range(0, 5), range(5, 10), range(0, 10), range(3, 7)],
                         ids=["first-five", "last-five", "all-ten", "middle"])
def test_deleting_listed_items_loses_none_of_the_others(harness: Harness,
                                                        deleted: range) -> None:
    cloud = harness.cloud
    ids = make_stacks(harness)
    first = cloud.stacks.list_page(page_size=SIZE)
    assert [s.id for s in first.items] == ids[:SIZE]
    for n in deleted:
        cloud.stacks.delete(ids[n])
    rest = page_on(cloud, first.next_cursor)
    assert rest == ids[SIZE:]  # s10..s29, each once, in order


def test_deleting_items_of_a_later_page_keeps_the_rest(harness: Harness) -> None:
    cloud = harness.cloud
    ids = make_stacks(harness)
    first = cloud.stacks.list_page(page_size=SIZE)
    second = cloud.stacks.list_page(page_size=SIZE, cursor=first.next_cursor)
    assert [s.id for s in second.items] == ids[SIZE:2 * SIZE]
    for n in (*range(2, 8), *range(12, 19)):  # from both pages seen so far
        cloud.stacks.delete(ids[n])
    assert page_on(cloud, second.next_cursor) == ids[2 * SIZE:]


def test_items_added_while_paging_are_returned_once(harness: Harness) -> None:
    cloud = harness.cloud
    ids = make_stacks(harness)
    first = cloud.stacks.list_page(page_size=SIZE)
    added = [cloud.stacks.create(streamkit.StackSpec(name=f"new{n}")).id
             if Capability.STACK_CREATE in cloud.capabilities
             else cloud.deploy(harness.deployment_spec(f"new{n}")).stack.id for n in range(5)]
    seen = [s.id for s in first.items] + page_on(cloud, first.next_cursor)
    assert len(seen) == len(set(seen))  # none twice
    assert [i for i in seen if i not in added] == ids  # (a new one sorting before the
    # cursor's place, as on AWS where names order stacks made in the same second, is not seen)


def _forged(cursor: str, **changes: object) -> str:
    doc = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    raw = json.dumps({**doc, **changes}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_cursor_rules_hold(harness: Harness) -> None:
    cloud = harness.cloud
    make_stacks(harness)
    cursor = cloud.stacks.list_page(page_size=SIZE).next_cursor
    assert cursor is not None
    with pytest.raises(streamkit.ValidationError, match="another listing") as err:
        cloud.fleets.list_page(page_size=SIZE, cursor=cursor)
    assert err.value.field == "cursor"
    for forged in (_forged(cursor, t=[0, "x"]), _forged(cursor, t="junk"),
                   _forged(cursor, a="not a list"), _forged(cursor, l="0" * 16)):
        with pytest.raises(streamkit.ValidationError) as err:
            cloud.stacks.list_page(page_size=SIZE, cursor=forged)
        assert err.value.field == "cursor"
