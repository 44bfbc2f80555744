"""A create takes only what it made; a write whose answer was lost is not refused by itself.

Through the real SDKs over HTTP against the emulator: a create whose request never arrived
must not adopt what another client made under that name; a create the server carries out
after the client gave up must not be made twice; a write the cloud applied whose answer was
lost is a success, not the refusal its resend meets.
"""

from __future__ import annotations

import random
import socket
import socketserver
import threading
from io import BufferedIOBase
from typing import Any

import attrs
import pytest

import streamkit
from streamkit import DeploymentSpec, FleetSpec, FleetType, ImageBuilderSpec, StackSpec
from streamkit.hooks import CallRecord, Hooks
from streamkit.testing import Emulator
from streamkit.testing.alibaba.catalog import SYSTEM_IMAGES
from streamkit.testing.core.clock import EmulatorClock
from tests.harness import AlibabaHarness, AwsHarness

# -- AWS: a name taken by someone else is AlreadyExists, whatever the faults -------------------

def test_aws_fleet_create_never_adopts_a_fleet_it_did_not_make(aws: AwsHarness) -> None:
    cloud, emu = aws.cloud, aws.emulator
    theirs = aws.connect()
    theirs.fleets.create(FleetSpec(name="shared", instance_type=aws.instance_type,
                                   image_id=aws.base_image, desired_capacity=1))
    emu.faults.add("drop_before", provider="aws", operation="CreateFleet", count=1)
    with pytest.raises(streamkit.AlreadyExists) as err:
        cloud.fleets.create(FleetSpec(name="shared", instance_type=aws.instance_type,
                                      image_id=aws.base_image, desired_capacity=8,
                                      max_user_duration_seconds=432000, tags={"owner": "me"}))
    assert "shared" in str(err.value)
    assert cloud.fleets.get("shared").capacity.desired == 1
    assert cloud.fleets.tags("shared") == {}


def test_aws_stack_made_by_a_racing_client_is_not_adopted(aws: AwsHarness) -> None:
    emu, theirs = aws.emulator, aws.connect()
    spec = StackSpec(name="race", redirect_url="https://mine.example.com", tags={"team": "a"})
    raced: list[str] = []

    def race(record: CallRecord) -> None:
        # ours never arrives; theirs, for the same name, does, before we look
        if record.operation == "CreateStack" and record.error and not raced:
            raced.append(record.error)
            theirs.stacks.create(StackSpec(name="race", redirect_url="https://theirs.example.com",
                                           tags={"team": "b"}))

    cloud = aws.connect(hooks=Hooks(on_call=race))
    emu.faults.add("drop_before", provider="aws", operation="CreateStack", count=1)
    with pytest.raises(streamkit.AlreadyExists):
        cloud.stacks.create(spec)
    # the same spec made by another client is still theirs
    theirs.stacks.create(StackSpec(name="twin", tags={"team": "a"}))
    emu.faults.add("drop_before", provider="aws", operation="CreateStack", count=1)
    with pytest.raises(streamkit.AlreadyExists):
        cloud.stacks.create(StackSpec(name="twin", tags={"team": "a"}))
    emu.faults.clear()
    assert theirs.stacks.get("race").raw["RedirectURL"] == "https://theirs.example.com"
    assert theirs.stacks.tags("race") == {"team": "b"}
    # our own create whose answer was lost is ours, and its tags are the spec's alone
    emu.faults.counting = True
    emu.faults.add("drop_after", provider="aws", operation="CreateStack", count=1)
    mine = attrs.evolve(spec, name="mine")
    made = cloud.stacks.create(mine)
    assert (made.id, made.raw["RedirectURL"]) == ("mine", "https://mine.example.com")
    assert cloud.stacks.tags("mine") == {"team": "a"}
    assert emu.faults.seen("aws", "CreateStack") == 1


def test_aws_image_builder_of_another_client_is_not_adopted(aws: AwsHarness) -> None:
    cloud, emu = aws.cloud, aws.emulator
    aws.connect().image_builders.create(ImageBuilderSpec(
        name="ib", instance_type="stream.standard.large", image_id=aws.base_image))
    emu.faults.add("drop_before", provider="aws", operation="CreateImageBuilder", count=1)
    with pytest.raises(streamkit.AlreadyExists):
        cloud.image_builders.create(ImageBuilderSpec(
            name="ib", instance_type="stream.standard.large", image_id=aws.base_image))


# -- Alibaba: writes whose answer was lost -----------------------------------------------------

def _deployed(ali: AlibabaHarness, name: str = "w") -> streamkit.Deployment:
    deployment = ali.cloud.deploy(DeploymentSpec(
        stack=StackSpec(name=name),
        fleet=FleetSpec(name=name, instance_type=ali.instance_type, image_id=ali.base_image,
                        fleet_type=FleetType.ALWAYS_ON, desired_capacity=1)))
    ali.advance(ali.fleet_start_seconds)
    ali.emulator.faults.counting = True
    return deployment


def test_alibaba_scale_whose_answer_was_lost_succeeds(ali: AlibabaHarness) -> None:
    fleet_id = _deployed(ali).fleet.id
    ali.emulator.faults.add("drop_after", provider="alibaba",
                            operation="ModifyNodePoolAttribute", count=1)
    scaled = ali.cloud.fleets.scale(fleet_id, 3)
    assert scaled.capacity.desired == 3
    assert ali.emulator.faults.seen("alibaba", "ModifyNodePoolAttribute") == 1


def test_alibaba_image_update_whose_answer_was_lost_succeeds(ali: AlibabaHarness) -> None:
    fleet_id = _deployed(ali).fleet.id
    other = SYSTEM_IMAGES[1].image_id
    ali.emulator.faults.add("drop_after", provider="alibaba",
                            operation="UpdateAppInstanceGroupImage", count=1)
    ali.cloud.fleets.update(fleet_id, image_id=other)
    assert ali.emulator.faults.seen("alibaba", "UpdateAppInstanceGroupImage") == 1
    ali.advance(ali.emulator.alibaba.timings.group_update_image)
    assert ali.cloud.fleets.get(fleet_id).image_id == other


def test_alibaba_write_that_never_arrived_is_sent_again(ali: AlibabaHarness) -> None:
    fleet_id = _deployed(ali).fleet.id
    ali.emulator.faults.add("drop_before", provider="alibaba",
                            operation="ModifyNodePoolAttribute", count=1)
    assert ali.cloud.fleets.scale(fleet_id, 2).capacity.desired == 2
    assert ali.emulator.faults.seen("alibaba", "ModifyNodePoolAttribute") == 2


# -- Alibaba: creates that arrive late, and groups another client made meanwhile ---------------

def _spec(ali: AlibabaHarness, name: str, desired: int) -> DeploymentSpec:
    return DeploymentSpec(stack=StackSpec(name=name), fleet=FleetSpec(
        name=name, instance_type=ali.instance_type, image_id=ali.base_image,
        fleet_type=FleetType.ALWAYS_ON, desired_capacity=desired))


def _named(ali: AlibabaHarness, name: str) -> list[str]:
    return sorted(s.id for s in ali.cloud.stacks.list() if s.name == name)


def test_alibaba_deploy_never_takes_a_group_another_client_made_meanwhile(
        ali: AlibabaHarness) -> None:
    emu, theirs = ali.emulator, ali.connect()
    made: list[str] = []

    def race(record: CallRecord) -> None:
        # our create never arrived; another client deploys the same name before we look
        if record.operation == "CreateAppInstanceGroup" and record.error and not made:
            made.append(theirs.deploy(_spec(ali, "shared", 1)).stack.id)

    ours = ali.connect(hooks=Hooks(on_call=race))
    emu.faults.add("drop_before", provider="alibaba", operation="CreateAppInstanceGroup",
                   count=1)
    deployment = ours.deploy(_spec(ali, "shared", 5))
    assert made and deployment.stack.id != made[0]
    assert deployment.fleet.capacity.desired == 5
    assert _named(ali, "shared") == sorted([made[0], deployment.stack.id])


def test_alibaba_identical_groups_appearing_together_are_not_guessed_at(
        ali: AlibabaHarness) -> None:
    emu, theirs = ali.emulator, ali.connect()

    def race(record: CallRecord) -> None:
        if record.operation == "CreateAppInstanceGroup" and record.error:
            theirs.deploy(_spec(ali, "twin", 2))  # the same spec as ours, untagged

    ours = ali.connect(hooks=Hooks(on_call=race))
    emu.faults.add("drop_after", provider="alibaba", operation="CreateAppInstanceGroup",
                   count=1)
    with pytest.raises(streamkit.Conflict, match="twin"):
        ours.deploy(_spec(ali, "twin", 2))


class HoldingProxy:
    """A TCP proxy in front of the emulator that can hold a request of one action.

    The client gives up on a held request (its read timeout); the request reaches the cloud
    the seconds given to :meth:`hold_next` later on the emulator's clock, when
    :meth:`release_due` is called at or after that time (the clock below calls it whenever
    streamkit sleeps).
    """

    def __init__(self, emulator: Emulator, action: str) -> None:
        host, port = emulator.alibaba_endpoint.rsplit(":", 1)
        self._upstream = (host, int(port))
        self._header = f"x-acs-action: {action}".lower().encode()
        self._clock = emulator.clock
        self._hold = 0.0
        self._lock = threading.Lock()
        self._held: list[tuple[float, bytes]] = []
        self._holding = 0
        self.released = 0
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                proxy._serve(self.rfile, self.wfile)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.endpoint = f"127.0.0.1:{self._server.server_address[1]}"

    def _serve(self, rfile: BufferedIOBase, wfile: BufferedIOBase) -> None:
        while (request := _message(rfile)) is not None:
            with self._lock:
                head = request.split(b"\r\n\r\n", 1)[0].lower()
                hold = self._holding > 0 and self._header in head
                if hold:
                    self._holding -= 1
                    self._held.append((self._clock.now() + self._hold, request))
            if hold:
                while rfile.read(1):  # unanswered until the client gives up and closes
                    pass
                return
            answer = self._exchange(request)
            if answer is None:  # dropped by the cloud: dropped for the client too
                return
            wfile.write(answer)
            wfile.flush()

    def _exchange(self, request: bytes) -> bytes | None:
        """The cloud's answer to ``request``; None if it closed the connection instead."""
        with socket.create_connection(self._upstream, timeout=10) as upstream:
            upstream.sendall(request)
            return _message(upstream.makefile("rb"))

    def hold_next(self, seconds: float) -> None:
        """Hold the next request of the action for ``seconds`` on the emulator's clock."""
        with self._lock:
            self._holding, self._hold = 1, seconds

    def release_due(self, everything: bool = False) -> None:
        """Send on each held request whose time has come (all of them with ``everything``)."""
        with self._lock:
            due = [r for r in self._held if everything or r[0] <= self._clock.now()]
            self._held = [r for r in self._held if r not in due]
        for _, request in due:
            self._exchange(request)  # the cloud carries it out; nobody reads the answer
            self.released += 1

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _message(stream: BufferedIOBase) -> bytes | None:
    """One HTTP message (head and Content-Length body) read from ``stream``; None at EOF."""
    head = b""
    while not head.endswith(b"\r\n\r\n"):
        line = stream.readline()
        if not line:
            return None
        head += line
    length = 0
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return head + stream.read(length)


@attrs.frozen
class ReleasingClock:
    """The emulator's clock, letting the proxy deliver what is due whenever streamkit sleeps."""

    clock: EmulatorClock
    proxy: HoldingProxy

    def now(self) -> float:
        return self.clock.now()

    def sleep(self, seconds: float) -> None:
        self.clock.sleep(seconds)
        self.proxy.release_due()


@pytest.mark.parametrize("create", ["deploy", "image_builders.create"])
def test_alibaba_create_applied_after_the_client_gave_up_is_made_once(
        ali: AlibabaHarness, create: str) -> None:
    emu = ali.emulator
    proxy = HoldingProxy(emu, "CreateAppInstanceGroup")
    proxy.hold_next(2.5)
    cloud = ali.connect(endpoint=proxy.endpoint, timeout=0.3,
                        clock=ReleasingClock(emu.clock, proxy))
    try:
        if create == "deploy":
            made: Any = cloud.deploy(_spec(ali, "late", 2)).stack
        else:
            made = cloud.image_builders.create(ImageBuilderSpec(
                name="late", instance_type=ali.instance_type, image_id=ali.base_image))
    finally:
        proxy.release_due(everything=True)  # whatever is still held arrives now
        proxy.close()
    assert proxy.released == 1  # the held create did reach the cloud
    groups = [s.id for s in ali.cloud.stacks.list() if s.name == "late"]
    builders = [b.id for b in ali.cloud.image_builders.list() if b.name == "late"]
    assert sorted(groups + builders) == [made.id]
    assert (builders if create != "deploy" else groups) == [made.id]


# -- the figures: randomized creates and writes under faults, per provider ---------------------

OPS = 200
#: faults after which the cloud may or may not have acted (slow needs a client timeout)
AMBIGUOUS = ("drop_before", "drop_after", "server_error", "malformed")
AWS_CREATE_OF = {"stack": "CreateStack", "fleet": "CreateFleet", "builder": "CreateImageBuilder"}


def _aws_create(cloud: streamkit.StreamingCloud, aws: AwsHarness, kind: str, name: str,
                rng: random.Random) -> Any:
    tags = {"owner": rng.choice(["me", "them"])} if rng.random() < 0.5 else {}
    if kind == "stack":
        return cloud.stacks.create(StackSpec(name=name, tags=tags, redirect_url=rng.choice(
            [None, "https://a.example.com", "https://b.example.com"])))
    if kind == "fleet":
        return cloud.fleets.create(FleetSpec(name=name, instance_type=aws.instance_type,
                                             image_id=aws.base_image, tags=tags,
                                             desired_capacity=rng.randint(1, 3)))
    return cloud.image_builders.create(ImageBuilderSpec(
        name=name, instance_type="stream.standard.large", image_id=aws.base_image, tags=tags))


def test_aws_figures_foreign_adoptions_duplicates_and_spurious_failures(
        aws: AwsHarness) -> None:
    cloud, emu, theirs = aws.cloud, aws.emulator, aws.connect()
    rng = random.Random(12)
    cloud.fleets.create(FleetSpec(name="w", instance_type=aws.instance_type,
                                  image_id=aws.base_image))
    adopted = spurious = writes = foreign = 0
    expected = ["w"]
    for n in range(OPS):
        what = rng.choice(["foreign", "own", "own", "write"])
        fault = rng.choice(AMBIGUOUS)
        if what == "write":
            writes += 1
            emu.faults.add(fault, provider="aws", operation="UpdateFleet", count=1)
            desired = rng.randint(1, 5)
            try:
                spurious += cloud.fleets.scale("w", desired).capacity.desired != desired
            except streamkit.StreamkitError:
                spurious += 1
            emu.faults.clear()
            continue
        kind = rng.choice(sorted(AWS_CREATE_OF))
        name = f"{kind}-{n}"
        expected.append(name)
        if what == "foreign":  # another client made the name first; ours may not arrive
            foreign += 1
            _aws_create(theirs, aws, kind, name, rng)
        emu.faults.add(fault, provider="aws", operation=AWS_CREATE_OF[kind], count=1)
        try:
            _aws_create(cloud, aws, kind, name, rng)
            adopted += what == "foreign"
        except streamkit.AlreadyExists:
            spurious += what != "foreign"
        except streamkit.StreamkitError:
            spurious += 1
        emu.faults.clear()
    made = ([s.id for s in cloud.stacks.list()] + [f.id for f in cloud.fleets.list()]
            + [b.id for b in cloud.image_builders.list()])
    duplicates = len(made) - len(set(made))
    print(f"\n[aws] {OPS} creates and writes under {', '.join(AMBIGUOUS)}: {foreign} names "
          f"taken by another client, {adopted} adopted; {duplicates} duplicates; "
          f"{spurious} spurious failures ({writes} writes)")
    assert (adopted, duplicates, spurious) == (0, 0, 0)
    assert sorted(made) == sorted(expected)


def test_alibaba_figures_foreign_adoptions_duplicates_and_spurious_failures(
        ali: AlibabaHarness) -> None:
    emu, theirs = ali.emulator, ali.connect()
    rng = random.Random(21)
    proxy = HoldingProxy(emu, "CreateAppInstanceGroup")
    racing: list[DeploymentSpec] = []
    raced: list[str] = []

    def race(record: CallRecord) -> None:
        if record.operation == "CreateAppInstanceGroup" and record.error and racing:
            raced.append(theirs.deploy(racing.pop()).stack.id)

    cloud = ali.connect(endpoint=proxy.endpoint, timeout=0.2, hooks=Hooks(on_call=race),
                        clock=ReleasingClock(emu.clock, proxy))
    fleet = cloud.deploy(_spec(ali, "w", 1)).fleet
    ali.advance(ali.fleet_start_seconds)
    images = [image.image_id for image in SYSTEM_IMAGES[:2]]
    counts = dict.fromkeys(("foreign", "adopted", "late", "lost", "write", "spurious"), 0)
    ours: dict[str, str] = {}
    failures: list[str] = []
    try:
        for n in range(OPS):
            what = rng.choices(["foreign", "late", "lost", "write"], weights=[2, 1, 3, 4])[0]
            counts[what] += 1
            name = f"g-{n}"
            if what == "write":
                ali.advance(emu.alibaba.timings.group_update_image)  # the group settles
                operation = rng.choice(["ModifyNodePoolAttribute", "UpdateAppInstanceGroupImage"])
                emu.faults.add("drop_after", provider="alibaba", operation=operation, count=1)
                try:
                    if operation == "ModifyNodePoolAttribute":
                        cloud.fleets.scale(fleet.id, rng.randint(1, 4))
                    else:
                        image = images[n % 2]
                        cloud.fleets.update(fleet.id, image_id=image)
                except streamkit.StreamkitError as exc:
                    failures.append(f"{operation}: {exc!r}")
                emu.faults.clear()
                continue
            desired = rng.randint(1, 4)
            if what == "foreign":  # ours is lost; another client deploys the name meanwhile
                other = _spec(ali, name, desired + rng.randint(1, 2))
                if rng.random() < 0.5:  # or as ours, but tagged as its deploy leaves it
                    other = attrs.evolve(other, stack=StackSpec(name=name, tags={"o": "x"}),
                                         fleet=attrs.evolve(other.fleet,
                                                            desired_capacity=desired))
                racing.append(other)
                emu.faults.add(rng.choice(["drop_before", "drop_after"]), provider="alibaba",
                               operation="CreateAppInstanceGroup", count=1)
            elif what == "late":  # held past the client's timeout, then carried out
                proxy.hold_next(rng.uniform(0.5, 5.0))
            else:
                emu.faults.add(rng.choice(AMBIGUOUS), provider="alibaba",
                               operation="CreateAppInstanceGroup", count=1)
            try:
                ours[name] = cloud.deploy(_spec(ali, name, desired)).stack.id
            except streamkit.StreamkitError as exc:
                failures.append(f"{what} {name}: {exc!r}")
            emu.faults.clear()
            racing.clear()
    finally:
        proxy.release_due(everything=True)
        proxy.close()
    counts["adopted"] = len(set(raced) & set(ours.values()))
    counts["spurious"] = len(failures)
    groups = [(s.name, s.id) for s in ali.cloud.stacks.list() if s.id not in raced]
    duplicates = len(groups) - 1 - len(ours)  # beyond one group per deploy (and "w")
    print(f"\n[alibaba] {OPS} deploys and writes under faults: {counts['foreign']} names "
          f"deployed by another client meanwhile, {counts['adopted']} adopted; "
          f"{counts['late']} creates held past the client's timeout, {duplicates} duplicates "
          f"(all {counts['lost'] + counts['late'] + counts['foreign']} creates); "
          f"{counts['spurious']} spurious failures ({counts['write']} writes whose answer "
          "was lost)")
    assert failures == []
    assert (counts["adopted"], duplicates) == (0, 0)
    assert sorted(gid for _, gid in groups) == sorted([fleet.stack_id or "", *ours.values()])
