"""Forward compatibility: whatever a cloud answers tomorrow, translation never raises.

Payloads are shaped like boto3's (datetimes for timestamps) and the Tea SDK's ``to_map()``
(strings, ints, lists of dicts), then mangled: unknown enum values, missing fields, extra
fields, and junk of any type in any field. Known states map to their neutral member; any
other value becomes UNKNOWN with the raw string kept. 200 examples per resource type in the
normal profile, 10,000 under ``nox -s stress``.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from streamkit.providers.alibaba import translate as ali
from streamkit.providers.aws import translate as aws
from tests.reliability.conftest import PROFILE

REGION = "xx-test-1"

# -- junk and field values ---------------------------------------------------------------------

#: values that broke readers before: not iterable, not a number, odd digits, odd times
NASTY = st.sampled_from([
    None, True, False, 0, -1, 2**64, 1.5, float("nan"), float("inf"), "", "None", "null",
    "-", "--5", "²", "١٢", "9" * 5000, "2026-13-45T99:00:00Z", "UNKNOWN", b"\xff", [],
    [None], {}, {"": None}, datetime(2026, 1, 1)])
_scalars = st.one_of(
    NASTY, st.integers(min_value=-(2**63), max_value=2**63), st.floats(), st.text(max_size=12),
    st.datetimes(timezones=st.none() | st.just(timezone.utc)))
#: anything a broken or future cloud might put in a field
JUNK = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=5)
#: numbers as text, as the Tea SDK hands some of them, and text that only looks like one
NUMERIC_TEXT = st.sampled_from(["²", "١٢", "--5", "9" * 5000])
NAMES = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,20}", fullmatch=True)
IDS = st.builds(lambda p, s: f"{p}-{s}", st.sampled_from(["aig", "rg", "img", "ai", "ca"]),
                st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=17))
AWARE_TIMES = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                           timezones=st.just(timezone.utc))
ISO_TIMES = AWARE_TIMES.map(lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")) | AWARE_TIMES.map(
    lambda t: t.astimezone(timezone(timedelta(hours=8))).isoformat())


def enum_value(known: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    """A known state, a value invented tomorrow, or junk."""
    return st.one_of(st.sampled_from(sorted(known)), st.text(min_size=1, max_size=20))


def field(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Half the time a well-typed value, else a value known to be nasty, or any junk."""
    return st.one_of(value, value, NASTY, JUNK)


def number(low: int, high: int) -> st.SearchStrategy[Any]:
    """An int, the same as text, or text that only looks like a number."""
    ints = st.integers(low, high)
    return st.one_of(ints, ints.map(str), NUMERIC_TEXT)


def payload(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A dict with any subset of ``fields`` (each maybe junk) plus unknown extra fields."""
    return st.builds(
        lambda present, extra: {**extra, **present},
        st.fixed_dictionaries({}, optional={k: field(v) for k, v in fields.items()}),
        st.dictionaries(st.text(min_size=1, max_size=10).filter(lambda k: k not in fields),
                        JUNK, max_size=2))


def items(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    return st.lists(payload(**fields) | NASTY, max_size=3)


# -- AWS (boto3 shapes) ----------------------------------------------------------------------

AWS_ERRORS = items(ErrorCode=st.text(max_size=20), ErrorMessage=st.text(max_size=40),
                   ErrorTimestamp=AWARE_TIMES)
AWS_COMMON = {"Name": NAMES, "Arn": st.text(max_size=60), "DisplayName": st.text(max_size=30),
              "Description": st.text(max_size=30), "CreatedTime": AWARE_TIMES}
AWS_STACK = payload(**AWS_COMMON, StackErrors=AWS_ERRORS, RedirectURL=st.text(max_size=30),
                    StorageConnectors=items(ConnectorType=st.text(max_size=10)))
AWS_FLEET = payload(
    **AWS_COMMON, State=enum_value(aws.FLEET_STATES), FleetType=enum_value(aws.FLEET_TYPES),
    InstanceType=st.text(max_size=25), ImageName=NAMES,
    ComputeCapacityStatus=payload(Desired=st.integers(0, 10**6), Running=st.integers(0, 99),
                                  InUse=st.integers(0, 99), Available=st.integers(0, 99)),
    MaxConcurrentSessions=st.integers(0, 10**6), FleetErrors=AWS_ERRORS,
    MaxUserDurationInSeconds=st.integers(), DisconnectTimeoutInSeconds=st.integers(),
    VpcConfig=payload(SubnetIds=st.lists(st.text(max_size=10))))
AWS_IMAGE = payload(
    **AWS_COMMON, State=enum_value(aws.IMAGE_STATES), Platform=st.text(max_size=20),
    Visibility=st.sampled_from(["PUBLIC", "PRIVATE", "SHARED", "FUTURE"]),
    Applications=items(Name=st.text(max_size=10), DisplayName=st.text(max_size=10)),
    StateChangeReason=payload(Code=st.text(max_size=20), Message=st.text(max_size=20)),
    ImageErrors=AWS_ERRORS)
AWS_BUILDER = payload(
    **AWS_COMMON, State=enum_value(aws.IMAGE_BUILDER_STATES), InstanceType=st.text(max_size=20),
    ImageArn=st.text(max_size=60), ImageBuilderErrors=AWS_ERRORS)
AWS_SESSION = payload(
    Id=st.uuids().map(str), UserId=st.text(max_size=20), StackName=NAMES, FleetName=NAMES,
    State=enum_value(aws.SESSION_STATES), ConnectionState=enum_value(aws.CONNECTION_STATES),
    StartTime=AWARE_TIMES, MaxExpirationTime=AWARE_TIMES,
    AuthenticationType=st.sampled_from(["API", "SAML", "USERPOOL", "AWS_AD", "FUTURE"]))
AWS_FAST_LAUNCH = payload(
    ImageId=st.text(max_size=20), State=enum_value(aws.FAST_LAUNCH_STATES),
    ResourceType=st.text(max_size=10), MaxParallelLaunches=st.integers(),
    SnapshotConfiguration=payload(TargetResourceCount=st.integers()),
    LaunchTemplate=payload(LaunchTemplateId=st.text(max_size=10), Version=st.text(max_size=5)),
    StateTransitionReason=st.text(max_size=20), StateTransitionTime=AWARE_TIMES)

# -- Alibaba (Tea to_map() shapes) -----------------------------------------------------------

ALI_POOL = items(NodePoolId=IDS, NodeInstanceType=st.text(max_size=25),
                 NodeAmount=number(0, 500), NodeUsed=number(0, 500), Amount=number(0, 500),
                 StrategyType=enum_value(ali.FLEET_TYPES), MaxScalingAmount=number(0, 500))
ALI_GROUP = payload(
    AppInstanceGroupId=IDS, AppInstanceGroupName=st.text(max_size=30),
    Status=enum_value(ali.FLEET_STATES), ResourceStatus=st.text(max_size=10),
    AppCenterImageId=IDS, AppInstanceType=st.text(max_size=25), GmtCreate=ISO_TIMES,
    SessionTimeout=number(0, 300), Amount=number(0, 500), ChargeType=st.sampled_from(["PostPaid"]),
    NodePool=ALI_POOL, Apps=items(AppId=IDS, AppName=st.text(max_size=10)),
    Tags=items(Key=st.text(max_size=10), Value=st.text(max_size=10), Scope=st.text(max_size=6)))
ALI_IMAGE = payload(
    ImageId=IDS, ImageName=st.text(max_size=20), Status=enum_value(ali.IMAGE_STATES),
    ImageType=st.sampled_from(["System", "User", "Shared", "Future"]),
    PlatformName=st.text(max_size=20), OsType=st.text(max_size=10), GmtCreate=ISO_TIMES,
    Description=st.text(max_size=20), AppList=items(AppId=IDS, AppName=st.text(max_size=10)),
    ImageRegionDistributeList=items(RegionId=st.sampled_from([REGION, "cn-hangzhou"]),
                                    Status=enum_value(ali.IMAGE_STATES)))
ALI_SESSION = payload(
    AppInstanceId=IDS, AppInstanceGroupId=IDS, Status=enum_value(ali.SESSION_STATES),
    SessionStatus=enum_value(ali.CONNECTION_STATES), GmtCreate=ISO_TIMES,
    BindInfo=payload(EndUserId=st.text(max_size=20), AppId=IDS), NodeId=st.text(max_size=10))


def _state_of(table: Mapping[str, Any], unknown: enum.Enum,
              raw: Any) -> tuple[enum.Enum, str]:
    text = raw if isinstance(raw, str) else ""
    return table.get(text, unknown), text


Check = Callable[[Mapping[str, Any]], Any]
#: resource type -> (payload strategy, translate, state table, raw state key)
CASES: dict[str, tuple[st.SearchStrategy[dict[str, Any]], Check, Mapping[str, Any] | None,
                       str]] = {
    "aws stack": (AWS_STACK, lambda d: aws.stack(d, REGION), None, ""),
    "aws fleet": (AWS_FLEET, lambda d: aws.fleet(d, REGION), aws.FLEET_STATES, "State"),
    "aws image": (AWS_IMAGE, lambda d: aws.image(d, REGION), aws.IMAGE_STATES, "State"),
    "aws image builder": (AWS_BUILDER, lambda d: aws.image_builder(d, REGION),
                          aws.IMAGE_BUILDER_STATES, "State"),
    "aws session": (AWS_SESSION, lambda d: aws.session(d, REGION), aws.SESSION_STATES, "State"),
    "aws fast launch image": (AWS_FAST_LAUNCH, lambda d: aws.fast_launch_image(d, REGION),
                              aws.FAST_LAUNCH_STATES, "State"),
    "alibaba stack": (ALI_GROUP, lambda d: ali.stack(d, REGION), None, ""),
    "alibaba fleet": (ALI_GROUP, lambda d: ali.fleet(d, REGION), ali.FLEET_STATES, "Status"),
    "alibaba image builder": (ALI_GROUP, lambda d: ali.image_builder(d, REGION),
                              ali.IMAGE_BUILDER_STATES, "Status"),
    "alibaba image": (ALI_IMAGE, lambda d: ali.image(d, REGION), ali.IMAGE_STATES, ""),
    "alibaba session": (ALI_SESSION, lambda d: ali.session(d, REGION, "aig-x/rg-y"),
                        ali.SESSION_STATES, "Status"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_translation_never_raises_and_keeps_unknown_states(case: str) -> None:
    strategy, translate, table, state_key = CASES[case]

    @PROFILE
    @given(strategy)
    def check(raw: dict[str, Any]) -> None:
        model = translate(raw)
        repr(model)
        assert model.provider.value in case and model.region == REGION
        assert dict(model.raw) == raw  # the payload is kept, read-only
        state = getattr(model, "state", None)
        if state is not None:
            assert state.__class__.__members__.get("UNKNOWN") is not None
            assert isinstance(model.raw_state, str)
            if table is not None and state_key:
                expected, text = _state_of(table, state.__class__.UNKNOWN, raw.get(state_key))
                assert (state, model.raw_state) == (expected, text)
        created = getattr(model, "created_at", None)
        assert created is None or isinstance(created, datetime)

    check()


TICKETS = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=12, max_size=40).map(
    lambda t: f"tkt-{t}")
#: a GetConnectionTicket answer; the ticket, when it is one, is a value found nowhere else
ALI_TICKET = st.builds(
    lambda body, ticket: {**body, "Ticket": ticket},
    payload(TaskId=IDS, TaskStatus=enum_value(ali.TASK_STATES), AppInstanceId=IDS,
            Code=st.text(max_size=10)),
    st.one_of(TICKETS, NASTY, JUNK))


@PROFILE
@given(ALI_TICKET)
def test_a_ticket_task_is_read_and_keeps_its_ticket_secret(raw: dict[str, Any]) -> None:
    task = ali.ticket_task(raw, "tk-1")
    ticket = raw.get("Ticket")
    shown = repr(task) + json.dumps(attrs.asdict(task), default=str)
    if isinstance(ticket, str) and ticket:
        assert task.ticket is not None and task.ticket.reveal() == ticket
    if isinstance(ticket, str) and ticket.startswith("tkt-"):
        assert ticket not in shown  # what an on_poll hook could print
    assert task.state.__class__.__members__.get("UNKNOWN") is not None
