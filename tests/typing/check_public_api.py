# pyright: reportUnnecessaryTypeIgnoreComment=true
"""The public API's types, as users write them: checked by mypy --strict and pyright, never run.

Each assignment states the type a user relies on; a change to a signature that breaks one is
a type error here (``nox -s typecheck``). Lines marked ``# type: ignore[...]`` must stay
errors: both checkers flag an ignore that is no longer needed. pytest does not collect this
file (its name does not start with ``test_``; ``conftest.py`` here ignores it as well).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime

import streamkit
from streamkit import (
    Capability,
    DeploymentSpec,
    FleetSpec,
    FleetState,
    FleetType,
    ImageBuilderSpec,
    StackSpec,
    UsageScaling,
)
from streamkit.testing import AttachedEmulator, Emulator, EmulatorClock, attach


def connecting(emu: Emulator) -> None:
    aws: streamkit.StreamingCloud = streamkit.connect("aws", region="us-east-1")
    ali: streamkit.StreamingCloud = streamkit.connect(
        streamkit.Provider.ALIBABA, "cn-shanghai", endpoint="127.0.0.1:4566",
        credentials=streamkit.Credentials("id", "secret"),
        retry=streamkit.RetryPolicy(max_attempts=8, deadline=None),
        poll=streamkit.PollSchedule(initial=1.0, cap=10.0), timeout=5)
    local: streamkit.StreamingCloud = streamkit.connect("aws", **emu.connect_args("aws"))
    streamkit.connect("azure", "us-east-1")  # type: ignore[arg-type]
    attached: AttachedEmulator = attach("http://127.0.0.1:4566", control_token="t")
    remote: streamkit.StreamingCloud = streamkit.connect("aws", **attached.connect_args("aws"))
    when: datetime = remote.now()
    print(attached.clock.advance(60), when)
    provider: streamkit.Provider = aws.provider
    region: str = ali.region
    capabilities: frozenset[Capability] = local.capabilities
    hints: Mapping[Capability, str] = local.hints
    clock: streamkit.Clock = emu.clock
    emulator_clock: EmulatorClock = emu.clock
    now: float = emulator_clock.advance(300)
    endpoint: str = emu.aws_endpoint
    records: list[streamkit.CallRecord] = []
    hooked: streamkit.StreamingCloud = streamkit.connect(
        "aws", region="us-east-1", hooks=streamkit.Hooks(on_call=records.append))
    print(provider, region, capabilities, hints, clock, now, endpoint, hooked)


def fleets(cloud: streamkit.StreamingCloud) -> None:
    every: Iterator[streamkit.Fleet] = cloud.fleets.list()
    page: streamkit.Page[streamkit.Fleet] = cloud.fleets.list_page(page_size=20, cursor=None)
    items: tuple[streamkit.Fleet, ...] = page.items
    cursor: str | None = page.next_cursor
    fleet: streamkit.Fleet = cloud.fleets.get("design-fleet")
    state: FleetState = fleet.state
    raw_state: str = fleet.raw_state
    capacity: streamkit.Capacity = fleet.capacity
    running: int = capacity.running
    fleet_type: FleetType = fleet.fleet_type
    created: datetime | None = fleet.created_at
    errors: tuple[streamkit.ResourceError, ...] = fleet.errors
    code: str = errors[0].code
    raw: Mapping[str, object] = fleet.raw
    created_fleet: streamkit.Fleet = cloud.fleets.create(FleetSpec(
        name="f", instance_type="stream.standard.medium", image_id="i",
        fleet_type=FleetType.ALWAYS_ON, desired_capacity=2,
        scaling=UsageScaling(max_capacity=4), tags={"team": "design"}))
    scaled: streamkit.Fleet = cloud.fleets.scale(fleet.id, 4)
    updated: streamkit.Fleet = cloud.fleets.update(fleet.id, image_id="img-2")
    cloud.fleets.start(fleet.id)
    cloud.fleets.scale(fleet.id, "4")  # type: ignore[arg-type]
    cloud.fleets.get(fleet)  # type: ignore[arg-type]
    print(every, items, cursor, state, raw_state, running, created, code, raw, created_fleet,
          scaled, updated, fleet_type)


def stacks_and_deployments(cloud: streamkit.StreamingCloud) -> None:
    stacks: Iterator[streamkit.Stack] = cloud.stacks.list()
    stack: streamkit.Stack = cloud.stacks.create(StackSpec(name="design"))
    updated: streamkit.Stack = cloud.stacks.update(stack.id, display_name="Design")
    fleet_ids: Iterator[str] = cloud.stacks.list_fleets(stack.id)
    deployment: streamkit.Deployment = cloud.deploy(DeploymentSpec(
        stack=StackSpec(name="s"),
        fleet=FleetSpec(name="f", instance_type="t", image_id="i")))
    fleet: streamkit.Fleet = deployment.fleet
    tags: dict[str, str] = cloud.stacks.tags(stack.id)
    cloud.deploy(StackSpec(name="s"))  # type: ignore[arg-type]
    cloud.undeploy(deployment, timeout=600, on_progress=lambda o: print(o.state))
    cloud.undeploy(stack.id)
    cloud.undeploy(StackSpec(name="s"))  # type: ignore[arg-type]
    try:
        cloud.deploy(DeploymentSpec(stack=StackSpec(name="s"),
                                    fleet=FleetSpec(name="f", instance_type="t", image_id="i")))
    except streamkit.PartialDeployment as exc:
        left: tuple[streamkit.Leftover, ...] = exc.left
        cause: BaseException = exc.error
        print(left, cause, [(item.kind, item.id, item.state) for item in left])
    print(stacks, updated, fleet_ids, fleet, tags)


def images_and_builders(cloud: streamkit.StreamingCloud) -> None:
    image: streamkit.Image = cloud.images.get("img")
    image_state: streamkit.ImageState = image.state
    apps: tuple[streamkit.Application, ...] = image.applications
    copy_id: str = cloud.images.copy(image.id, "eu-west-1", destination_name="copy")
    builder: streamkit.ImageBuilder = cloud.image_builders.create(ImageBuilderSpec(
        name="b", instance_type="stream.standard.medium", image_id=image.id))
    builder_state: streamkit.ImageBuilderState = builder.state
    builder_page: streamkit.Page[streamkit.ImageBuilder] = cloud.image_builders.list_page()
    captured: streamkit.Image = cloud.image_builders.create_image(builder.id, "new-image")
    desktop: streamkit.StreamingAccess = cloud.image_builders.connect(builder.id)
    print(image_state, apps, copy_id, builder_state, builder_page, captured, desktop)


def sessions(cloud: streamkit.StreamingCloud) -> None:
    every: Iterator[streamkit.Session] = cloud.sessions.list("stack", user_id="alice")
    page: streamkit.Page[streamkit.Session] = cloud.sessions.list_page("stack", page_size=10)
    session: streamkit.Session = page.items[0]
    connection: streamkit.ConnectionState = session.connection
    state: streamkit.SessionState = session.state
    cloud.sessions.expire(session)
    access: streamkit.StreamingAccess = cloud.sessions.connect("stack", "alice", validity=300)
    kind: streamkit.AccessKind = access.kind
    secret: streamkit.Secret = access.secret
    url: str = access.reveal()
    same: str = secret.reveal()
    expires: datetime | None = access.expires_at
    cloud.sessions.expire(session.id)  # type: ignore[arg-type]
    print(every, connection, state, kind, url, same, expires)


def waiting(cloud: streamkit.StreamingCloud) -> None:
    seen: list[str] = []

    def progress(observation: streamkit.Observation[streamkit.Fleet]) -> None:
        resource: streamkit.Fleet | None = observation.resource
        state: streamkit.FleetState | str = observation.state
        seen.append(f"{observation.state_name} {observation.attempt} {observation.elapsed:.0f}")
        print(state is streamkit.FleetState.RUNNING, observation.raw_state)
        print(resource)

    fleet: streamkit.Fleet = cloud.wait_until_fleet_running("f", timeout=1200,
                                                            on_progress=progress)
    stopped: streamkit.Fleet = cloud.wait_until_fleet_stopped("f", grace=30)
    image: streamkit.Image = cloud.wait_until_image_available("img")
    builder: streamkit.ImageBuilder = cloud.wait_until_image_builder_running("b")
    fast: streamkit.FastLaunchImage = cloud.wait_until_fast_launch_enabled("ami-0123456789")
    cloud.wait_until_fleet_deleted("f")
    many: dict[str, streamkit.Fleet] = cloud.wait_until_fleets_running(["a", "b"])
    images: dict[str, streamkit.Image] = cloud.wait_until_images_available(["i"])
    print(fleet, stopped, image, builder, fast, seen, many, images)


def errors(cloud: streamkit.StreamingCloud) -> None:
    try:
        cloud.fleets.get("f")
    except streamkit.NotFound as exc:
        lookup: LookupError = exc
        code: str = exc.code
        request_id: str | None = exc.request_id
        status: int | None = exc.http_status
        operation: str = exc.operation
        provider: streamkit.Provider = exc.provider
        print(lookup, code, request_id, status, operation, provider)
    except streamkit.Throttled as exc:
        retry_after: float | None = exc.retry_after
        print(retry_after)
    except streamkit.UnsupportedOperation as exc:
        hint: str = exc.hint
        not_implemented: NotImplementedError = exc
        print(hint, not_implemented)
    except streamkit.ValidationError as exc:
        field: str = exc.field
        value_error: ValueError = exc
        print(field, value_error)
    try:
        cloud.wait_until_fleet_running("f")
    except streamkit.WaiterFailed as exc:
        reasons: tuple[streamkit.ResourceError, ...] = exc.errors
        failures: dict[str, tuple[streamkit.ResourceError, ...]] = exc.failures
        last: object = exc.resource
        attempts: int = exc.attempts
        print(reasons, failures, last, attempts)
    except streamkit.WaiterTimeout as exc:
        timeout_error: TimeoutError = exc
        elapsed: float = exc.elapsed
        pending: dict[str, object] = exc.pending
        print(timeout_error, elapsed, pending)
    base: type[streamkit.StreamkitError] = streamkit.ProviderError
    print(base)


def retry_policy() -> None:
    events: list[streamkit.RetryEvent] = []
    policy = streamkit.RetryPolicy(max_attempts=3, on_retry=events.append)
    wait: float = policy.backoff(1, None)
    streamkit.RetryPolicy(max_attempts="3")  # type: ignore[arg-type]
    print(wait)
