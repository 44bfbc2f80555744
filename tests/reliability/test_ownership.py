"""A create takes only what it made; a write whose answer was lost is not refused by itself.

Through the real SDKs over HTTP against the emulator: a create whose request never arrived
must not adopt what another client made under that name; a create the server carries out
after the client gave up must not be made twice; a write the cloud applied whose answer was
lost is a success, not the refusal its resend meets.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from typing import Any, BinaryIO

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
    cloud, emu = aws.cloud, aws.emulator
    theirs = aws.connect()
    spec = StackSpec(name="race", redirect_url="https://mine.example.com", tags={"team": "a"})
    # ours never arrives; theirs, for the same name, does, before we look
    emu.faults.add("drop_before", provider="aws", operation="CreateStack", count=1)
    theirs.stacks.create(StackSpec(name="race", redirect_url="https://theirs.example.com",
                                   tags={"team": "b"}))
    with pytest.raises(streamkit.AlreadyExists):
        cloud.stacks.create(spec)
    emu.faults.clear()
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
    """A TCP proxy in front of the emulator that holds the first request of one action.

    The client gives up on it (its read timeout); the request reaches the cloud ``hold``
    seconds later on the emulator's clock, when :meth:`release_due` is called at or after
    that time (the clock below calls it whenever streamkit sleeps).
    """

    def __init__(self, emulator: Emulator, action: str, hold: float) -> None:
        host, port = emulator.alibaba_endpoint.rsplit(":", 1)
        self._upstream = (host, int(port))
        self._action = action.lower().encode()
        self._clock = emulator.clock
        self._hold = hold
        self._lock = threading.Lock()
        self._held: list[tuple[float, bytes]] = []
        self.holding = 1
        self.released = 0
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                proxy._serve(self.rfile, self.wfile)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.endpoint = f"127.0.0.1:{self._server.server_address[1]}"

    def _serve(self, rfile: BinaryIO, wfile: BinaryIO) -> None:
        while (request := _message(rfile)) is not None:
            with self._lock:
                hold = self.holding > 0 and f"x-acs-action: {self._action.decode()}".encode() \
                    in request.split(b"\r\n\r\n", 1)[0].lower()
                if hold:
                    self.holding -= 1
                    self._held.append((self._clock.now() + self._hold, request))
            if hold:
                while rfile.read(1):  # unanswered until the client gives up and closes
                    pass
                return
            wfile.write(self._exchange(request))
            wfile.flush()

    def _exchange(self, request: bytes) -> bytes:
        with socket.create_connection(self._upstream, timeout=10) as upstream:
            upstream.sendall(request)
            answer = _message(upstream.makefile("rb"))
        assert answer is not None
        return answer

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


def _message(stream: BinaryIO) -> bytes | None:
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
    proxy = HoldingProxy(emu, "CreateAppInstanceGroup", hold=2.5)
    cloud = ali.connect(endpoint=proxy.endpoint, timeout=0.5,
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
