"""The facade users hold: :func:`connect` and :class:`StreamingCloud`."""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs

from streamkit.calls import CallContext
from streamkit.clock import Clock, SystemClock, utc_now
from streamkit.credentials import Credentials
from streamkit.errors import NotFound, ProviderError, UnsupportedOperation, ValidationError
from streamkit.fast_launch import FastLaunch
from streamkit.hooks import Hooks, safely
from streamkit.models import (
    Deployment,
    FastLaunchImage,
    Fleet,
    FleetState,
    Image,
    ImageBuilder,
    InstanceType,
    Provider,
    Region,
)
from streamkit.paging import walk
from streamkit.providers import PROVIDERS
from streamkit.providers.alibaba.extensions import AlibabaExtension
from streamkit.providers.aws.extensions import AwsExtension
from streamkit.providers.base import Adapter, Capability, ResourceKind, lacking
from streamkit.retry import RetryPolicy
from streamkit.services import Fleets, ImageBuilders, Images, Sessions, Stacks
from streamkit.specs import DeploymentSpec
from streamkit.teardown import UNKNOWN, Remains, Teardown, roll_back
from streamkit.transport import Bridge
from streamkit.validation import check_id, check_instance, check_number
from streamkit.waiting import (
    FAST_LAUNCH_ENABLED,
    FLEET_DELETED,
    FLEET_RUNNING,
    FLEET_STOPPED,
    IMAGE_AVAILABLE,
    IMAGE_BUILDER_RUNNING,
    IMAGE_BUILDER_STOPPED,
    STACK_DELETED,
    Observation,
    PollSchedule,
    WaitSpec,
    wait_for,
    wait_for_all,
)

if TYPE_CHECKING:
    from streamkit.declarative import Action, ApplyReport, DesiredState, Plan

__all__ = ["StreamingCloud", "connect"]

log = logging.getLogger("streamkit")
R = TypeVar("R")
ProgressHook = Callable[[Observation[Any]], None]

MAX_REQUEST_TIMEOUT = 3600  # seconds one HTTP request may take


_STARTED = (FleetState.STARTING, FleetState.RUNNING)
DEFAULT_RETRY = RetryPolicy()
#: the public operations ``deploy`` runs, in order, without a native deploy (what the docs show)
DEPLOY_STEPS = ("stacks.create", "fleets.create", "stacks.associate_fleet", "fleets.start")


def _step(do: Callable[[], None], happened: Callable[[], bool]) -> None:
    """Run one deploy step; a failure is only a failure if the step did not happen."""
    try:
        do()
    except ProviderError:
        try:
            done = happened()
        except ProviderError:
            done = False
        if not done:
            raise


class StreamingCloud:
    """One provider in one region, behind the neutral API. Make one with :func:`connect`.

    Resources: ``stacks``, ``fleets``, ``images``, ``image_builders``, ``sessions``, and on
    AWS ``fast_launch`` (EC2 Windows fast launch images).
    Waiters: ``wait_until_*``. ``capabilities`` says what the provider can do natively.
    What only one cloud has: ``cloud.aws`` / ``cloud.alibaba``; the rest of either API:
    :meth:`call`.
    """

    def __init__(self, adapter: Adapter, *, clock: Clock, poll: PollSchedule | None = None,
                 hooks: Hooks | None = None) -> None:
        self._adapter = adapter
        self._clock = clock
        self._poll = poll  # None: each wait polls on its own WaitSpec.schedule
        self._on_poll = (hooks or Hooks()).on_poll
        self.stacks = Stacks(adapter)
        self.fleets = Fleets(adapter)
        self.images = Images(adapter)
        self.image_builders = ImageBuilders(adapter)
        self.sessions = Sessions(adapter)
        self.fast_launch = FastLaunch(adapter)

    @property
    def provider(self) -> Provider:
        """The cloud this client speaks to."""
        return self._adapter.provider

    @property
    def region(self) -> str:
        """The region this client works in."""
        return self._adapter.region

    @property
    def capabilities(self) -> frozenset[Capability]:
        """What this provider supports natively; the rest raises UnsupportedOperation."""
        return self._adapter.capabilities

    @property
    def hints(self) -> Mapping[Capability, str]:
        """For each capability this provider lacks, the portable way to the same result."""
        return self._adapter.hints

    @functools.cached_property
    def _extension(self) -> Any:
        return self._adapter.extension(self._wait)

    def _only_on(self, provider: Provider, kind: type[R]) -> R:
        extension = self._extension
        if not isinstance(extension, kind):
            title = PROVIDERS[provider].title
            raise UnsupportedOperation(self.provider, f"cloud.{provider.value}",
                                       f"{title} features need connect({provider.value!r}, ...)")
        return extension

    @property
    def aws(self) -> AwsExtension:
        """AWS-only features (see :mod:`streamkit.aws`); UnsupportedOperation elsewhere."""
        return self._only_on(Provider.AWS, AwsExtension)

    @property
    def alibaba(self) -> AlibabaExtension:
        """Alibaba-only features (see :mod:`streamkit.alibaba`); elsewhere unsupported."""
        return self._only_on(Provider.ALIBABA, AlibabaExtension)

    def call(self, operation: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Send any operation of this provider's API; its answer, as the cloud sent it.

        The way to what streamkit does not model yet: ``operation`` and ``params`` are named
        as the API names them (``cloud.call("DescribeUsageReportSubscriptions")``,
        ``cloud.call("ListTenantConfig")``). The call takes the path every other call takes:
        the retry policy, hooks, DEBUG log lines and error mapping (streamkit's errors, never
        the SDK's). Reads (``Describe*``, ``List*``, ``Get*``) are retried; a ``Delete*``
        that finds nothing after a lost answer is done; any other write is not sent again
        after its answer was lost, since streamkit cannot tell whether it happened.
        """
        return self._adapter.call(operation, {} if params is None else params)

    def now(self) -> datetime:
        """The provider's now, aware UTC, for ages such as ``cloud.now() - fleet.created_at``.

        The emulator's clock when connected to one (``emu.connect_args`` or
        :func:`streamkit.testing.attach`), else the system clock.
        """
        return utc_now(self._clock)

    def regions(self) -> list[Region]:
        """The regions the provider's streaming service runs in.

        Alibaba: ListRegions. AWS: the AppStream 2.0 regions, as data (no call).
        """
        return self._adapter.list_regions()

    def instance_types(self) -> list[InstanceType]:
        """What fleets and image builders can run on here, to check a spec up front.

        Alibaba: ListNodeInstanceType in this region (vCPUs, memory, GPU share, sessions per
        node). AWS: the stream.* instance types, as data (no call).
        """
        return list(walk(self._adapter.list_instance_types))

    def __repr__(self) -> str:
        return f"streamkit.StreamingCloud(provider={self.provider.value!r}, region={self.region!r})"

    def deploy(self, spec: DeploymentSpec) -> Deployment:
        """Create a stack and the fleet that serves it, and start the fleet, in one step.

        On AWS: CreateStack, CreateFleet, AssociateFleet, StartFleet. On Alibaba: one
        CreateAppInstanceGroup. Follow with ``wait_until_fleet_running(deployment.fleet.id)``.

        Whole or nothing: if a step fails, or an interrupt (Ctrl-C, a task cancellation)
        stops it, what was made is removed as :meth:`undeploy` does, waits included, and the
        error is raised. If that rollback cannot finish, :class:`~streamkit.PartialDeployment`
        names what is left (after an interrupt, it is the interrupt's ``__cause__``).
        """
        spec = check_instance("spec", spec, DeploymentSpec)
        PROVIDERS[self.provider].check_instance_type("instance_type", spec.fleet.instance_type)
        if spec.fleet.alibaba is not None and Capability.FLEET_SUBSCRIPTION not in \
                self.capabilities:
            raise lacking(self._adapter, Capability.FLEET_SUBSCRIPTION,
                          "deploy(FleetSpec(alibaba=...))")
        if Capability.NATIVE_DEPLOY in self.capabilities:
            return self._adapter.deploy(spec)
        return self._deploy_in_steps(spec)

    def _deploy_in_steps(self, spec: DeploymentSpec) -> Deployment:
        a = self._adapter
        remains = Remains()
        # a create cut off by an interrupt may have happened: (kind, name) until its answer
        creating: list[tuple[str, str]] = []
        try:
            creating.append(("stack", spec.stack.name))
            stack = a.create_stack(spec.stack)
            remains.stack_id = stack.id
            creating[:] = [("fleet", spec.fleet.name)]
            fleet = a.create_fleet(spec.fleet)
            remains.fleets[fleet.id] = fleet.state.value
            creating.clear()
            # a step that failed may have happened all the same (its answer was lost):
            # look before undoing it, or a started fleet could not be deleted
            _step(lambda: a.associate_fleet(stack.id, fleet.id),
                  lambda: fleet.id in self.stacks.list_fleets(stack.id))
            _step(lambda: a.start_fleet(fleet.id),
                  lambda: a.get_fleet(fleet.id).state in _STARTED)
            try:
                fleet = a.get_fleet(fleet.id)
            except ProviderError as exc:  # deployed all the same: a failed read undoes nothing
                log.warning("deploy done, but reading fleet %s failed: %s", fleet.id, exc)
        except BaseException as failure:
            # a create that raised a ProviderError did not happen (calls.py reconciles an
            # ambiguous one); one cut off by an interrupt is looked for by name
            cut_off = creating if not isinstance(failure, Exception) else []
            for kind, name in cut_off:
                if kind == "stack":
                    remains.stack_id, remains.stack_state = name, UNKNOWN
                else:
                    remains.fleets[name] = UNKNOWN

            def undo() -> None:
                for kind, name in cut_off:
                    self._adopt_cut_off(remains, kind, name)
                self._teardown(None, None).run(remains)

            roll_back(failure, undo, remains)
        # the fleet serves the stack it was just associated with: no lookup needed
        return Deployment(stack=stack, fleet=attrs.evolve(fleet, stack_id=stack.id))

    def _adopt_cut_off(self, remains: Remains, kind: str, name: str) -> None:
        """Keep a create that an interrupt cut off in ``remains`` only if it made the resource.

        On a provider deploying in steps, ids are names. Only a resource bearing the mark of
        this client's create is ours: another of that name (made before, or by another client)
        is left alone, whatever its settings.
        """
        resource = ResourceKind.STACK if kind == "stack" else ResourceKind.FLEET
        try:
            ours = self._adapter.made_by_last_create(resource, name)
            if ours and kind == "fleet":
                remains.fleets[name] = self._adapter.get_fleet(name).state.value
        except NotFound:
            ours = False
        if ours and kind == "stack":
            remains.stack_state = "EXISTS"
        elif not ours and kind == "stack":
            remains.stack_id = None
        elif not ours:
            del remains.fleets[name]

    def _teardown(self, timeout: float | None, on_progress: ProgressHook | None) -> Teardown:
        def wait(spec: WaitSpec, resource_id: str, left: float | None) -> Any:
            return self._wait(spec, resource_id, left, on_progress, spec.grace_seconds)

        return Teardown(self._adapter, wait, self._clock, timeout)

    def undeploy(self, stack_id: str | Deployment, *, timeout: float | None = None,
                 on_progress: ProgressHook | None = None) -> None:
        """Remove what :meth:`deploy` made: the stack ``stack_id`` (or the ``Deployment``).

        On AWS: for each fleet of the stack (and the deployment's fleet), StopFleet and wait
        until STOPPED, DisassociateFleet, DeleteFleet and wait until gone; then DeleteStack
        and wait until gone. On Alibaba: DeleteAppInstanceGroup and wait until gone.
        Idempotent: what is gone already is skipped, so undeploying twice is no error.
        ``timeout`` (seconds) bounds all the waits together (default: each wait's own);
        ``on_progress`` sees each poll, as for the ``wait_until_*`` methods.
        """
        if timeout is not None:
            check_number("timeout", timeout)
        fleet_ids: list[str] = []
        if isinstance(stack_id, Deployment):
            fleet_ids.append(stack_id.fleet.id)
            stack_id = stack_id.stack.id
        stack_id = PROVIDERS[self.provider].check_id("stack_id", stack_id)
        self._progress(on_progress)  # checked before anything is deleted
        teardown = self._teardown(timeout, on_progress)
        remains = Remains(stack_id=stack_id)
        if Capability.FLEET_ASSOCIATION in self.capabilities:
            with contextlib.suppress(NotFound):
                fleet_ids += [f for f in self.stacks.list_fleets(stack_id) if f not in fleet_ids]
        remains.fleets.update(dict.fromkeys(fleet_ids, "EXISTS"))
        teardown.run(remains)

    # Declarative deployments (streamkit.declarative) -----------------------------------------

    def plan(self, desired: DesiredState, *, prune: bool = False) -> Plan:
        """What :meth:`apply` would change to make the cloud match ``desired``; changes nothing.

        Reads the live state in batches (see :mod:`streamkit.declarative.live`), diffs it
        field by field and lists the actions with why each is needed and which end sessions.
        Changes the provider cannot make are in ``plan.problems``. ``prune`` adds the deletion
        of deployments bearing the state's mark that it no longer lists.
        """
        from streamkit.declarative.plan import make_plan

        return make_plan(self, self._adapter, desired, prune=prune)

    def apply(self, desired: DesiredState | Plan, *, prune: bool = False,
              timeout: float | None = None, on_progress: ProgressHook | None = None,
              on_action: Callable[[Action], None] | None = None) -> ApplyReport:
        """Make the cloud match ``desired`` (a state, or a :meth:`plan` of one).

        Plans from the live state first: with nothing to change it sends no write call; after
        an interrupt or a failure, applying again goes on from where the cloud is. A plan
        given is checked against a fresh one (:class:`~streamkit.PlanBlocked` if the cloud
        changed since), as are problems, before any change. ``timeout`` bounds each wait;
        ``on_progress`` sees each poll, ``on_action`` each action before it runs.
        """
        from streamkit.declarative.apply import run_apply

        if timeout is not None:
            check_number("timeout", timeout)
        self._progress(on_progress)
        return run_apply(self, self._adapter, desired, prune=prune, timeout=timeout,
                         on_progress=on_progress, on_action=on_action,
                         teardown=lambda: self._teardown(timeout, on_progress))

    # Waiters: thin, each driven by its row of waiting.WAITS ---------------------------------

    def _wait(self, spec: WaitSpec, resource_id: str, timeout: float | None,
              on_progress: ProgressHook | None, grace: float) -> Any:
        """Wait for one resource, read with ``cloud.<spec.resource>.get`` (dotted: extensions)."""
        resource_id = check_id(spec.id_name, resource_id)
        service: Any = functools.reduce(getattr, spec.resource.split("."), self)
        # a service may read a resource more cheaply for a poll than its get (fleets: no
        # stack lookup)
        read: Callable[[str], Any] = getattr(service, "_observe", service.get)
        return wait_for(lambda: read(resource_id), spec, resource_id, clock=self._clock,
                        timeout=timeout, grace=grace, schedule=self._poll,
                        on_progress=self._progress(on_progress))

    def _progress(self, on_progress: ProgressHook | None) -> ProgressHook | None:
        """The caller's ``on_progress`` and the ``on_poll`` hook, both fed each observation."""
        if on_progress is not None and not callable(on_progress):
            raise ValidationError("on_progress", "must be a function of one Observation",
                                  type(on_progress).__name__)
        hook = self._on_poll
        if hook is None:
            return on_progress

        def both(observation: Observation[Any]) -> None:
            safely(hook, observation)
            if on_progress is not None:
                on_progress(observation)

        return both

    def wait_until_fleet_running(self, fleet_id: str, *, timeout: float | None = None,
                                 on_progress: ProgressHook | None = None,
                                 grace: float = 60.0) -> Fleet:
        """Poll until the fleet is RUNNING (default timeout 20 min).

        STOPPED/STOPPING are tolerated for ``grace`` seconds (a start may not show yet);
        a STOPPED fleet with errors fails at once with :class:`~streamkit.WaiterFailed`.
        """
        fleet: Fleet = self._wait(FLEET_RUNNING, fleet_id, timeout, on_progress, grace)
        return fleet

    def wait_until_fleet_stopped(self, fleet_id: str, *, timeout: float | None = None,
                                 on_progress: ProgressHook | None = None,
                                 grace: float = 60.0) -> Fleet:
        """Poll until the fleet is STOPPED (default timeout 20 min)."""
        fleet: Fleet = self._wait(FLEET_STOPPED, fleet_id, timeout, on_progress, grace)
        return fleet

    def wait_until_fleet_deleted(self, fleet_id: str, *, timeout: float | None = None,
                                 on_progress: ProgressHook | None = None) -> None:
        """Poll until the fleet no longer exists (default timeout 15 min)."""
        self._wait(FLEET_DELETED, fleet_id, timeout, on_progress, FLEET_DELETED.grace_seconds)

    def wait_until_stack_deleted(self, stack_id: str, *, timeout: float | None = None,
                                 on_progress: ProgressHook | None = None) -> None:
        """Poll until the stack no longer exists (default timeout 15 min)."""
        self._wait(STACK_DELETED, stack_id, timeout, on_progress, STACK_DELETED.grace_seconds)

    def wait_until_image_available(self, image_id: str, *, timeout: float | None = None,
                                   on_progress: ProgressHook | None = None) -> Image:
        """Poll until the image is AVAILABLE (default timeout 60 min); FAILED raises."""
        image: Image = self._wait(IMAGE_AVAILABLE, image_id, timeout, on_progress,
                                  IMAGE_AVAILABLE.grace_seconds)
        return image

    def wait_until_image_builder_running(self, builder_id: str, *, timeout: float | None = None,
                                         on_progress: ProgressHook | None = None,
                                         grace: float = 60.0) -> ImageBuilder:
        """Poll until the image builder is RUNNING (default timeout 30 min)."""
        builder: ImageBuilder = self._wait(IMAGE_BUILDER_RUNNING, builder_id, timeout,
                                           on_progress, grace)
        return builder

    def wait_until_image_builder_stopped(self, builder_id: str, *, timeout: float | None = None,
                                         on_progress: ProgressHook | None = None,
                                         grace: float = 60.0) -> ImageBuilder:
        """Poll until the image builder is STOPPED (default timeout 30 min)."""
        builder: ImageBuilder = self._wait(IMAGE_BUILDER_STOPPED, builder_id, timeout,
                                           on_progress, grace)
        return builder

    def wait_until_fast_launch_enabled(self, image_id: str, *, timeout: float | None = None,
                                       on_progress: ProgressHook | None = None
                                       ) -> FastLaunchImage:
        """Poll until the AMI's fast launch is ENABLED (default timeout 60 min). AWS only.

        ENABLING_FAILED / ENABLED_FAILED fail at once with the state reason in
        ``WaiterFailed.errors``; DISABLING / DISABLING_FAILED fail too.
        """
        image: FastLaunchImage = self._wait(FAST_LAUNCH_ENABLED, image_id, timeout,
                                            on_progress, FAST_LAUNCH_ENABLED.grace_seconds)
        return image

    # Batched waiters: one read per tick for all the resources -------------------------------

    def _wait_many(self, spec: WaitSpec, resource_ids: Iterable[str], timeout: float | None,
                   on_progress: ProgressHook | None, grace: float) -> dict[str, Any]:
        """Wait for many resources, read together with the adapter's ``spec.batch_read``."""
        field = spec.id_name + "s"
        if isinstance(resource_ids, (str, bytes)) or not isinstance(resource_ids, Iterable):
            raise ValidationError(field, "must be a list of ids", resource_ids)
        ids = [check_id(field, resource_id) for resource_id in resource_ids]
        if not ids:
            return {}
        read: Callable[[Sequence[str]], Mapping[str, Any]] = getattr(self._adapter,
                                                                      spec.batch_read)
        found = wait_for_all(read, spec, ids, clock=self._clock, timeout=timeout, grace=grace,
                             schedule=self._poll, on_progress=self._progress(on_progress))
        return {rid: resource for rid, resource in found.items() if resource is not None}

    def wait_until_fleets_running(self, fleet_ids: Iterable[str], *,
                                  timeout: float | None = None,
                                  on_progress: ProgressHook | None = None,
                                  grace: float = 60.0) -> dict[str, Fleet]:
        """Poll many fleets until all are RUNNING; returns id -> fleet, in the order given.

        Each poll reads every fleet still pending in one go (AWS: DescribeFleets with up to
        25 names per call; Alibaba: the region's delivery groups, 100 per call) and
        ``on_progress`` sees one observation per fleet. The first poll on which any fleet
        fails (as in :meth:`wait_until_fleet_running`) or is missing raises
        :class:`~streamkit.WaiterFailed` with every failure in ``failures`` (id -> errors);
        :class:`~streamkit.WaiterTimeout` lists the fleets still pending in ``pending``.
        """
        return self._wait_many(FLEET_RUNNING, fleet_ids, timeout, on_progress, grace)

    def wait_until_fleets_stopped(self, fleet_ids: Iterable[str], *,
                                  timeout: float | None = None,
                                  on_progress: ProgressHook | None = None,
                                  grace: float = 60.0) -> dict[str, Fleet]:
        """Poll many fleets until all are STOPPED (see :meth:`wait_until_fleets_running`)."""
        return self._wait_many(FLEET_STOPPED, fleet_ids, timeout, on_progress, grace)

    def wait_until_images_available(self, image_ids: Iterable[str], *,
                                    timeout: float | None = None,
                                    on_progress: ProgressHook | None = None
                                    ) -> dict[str, Image]:
        """Poll many images until all are AVAILABLE.

        As :meth:`wait_until_fleets_running`. AWS: DescribeImages, 25 names per call;
        Alibaba: ListImage, 100 images per call.
        """
        return self._wait_many(IMAGE_AVAILABLE, image_ids, timeout, on_progress,
                               IMAGE_AVAILABLE.grace_seconds)

    def wait_until_image_builders_running(self, builder_ids: Iterable[str], *,
                                          timeout: float | None = None,
                                          on_progress: ProgressHook | None = None,
                                          grace: float = 60.0) -> dict[str, ImageBuilder]:
        """Poll many image builders until all are RUNNING.

        As :meth:`wait_until_fleets_running`.
        """
        return self._wait_many(IMAGE_BUILDER_RUNNING, builder_ids, timeout, on_progress, grace)


def connect(
    provider: Literal["aws", "alibaba"] | Provider,
    region: str,
    *,
    endpoint_url: str | None = None,
    endpoint: str | None = None,
    credentials: Credentials | None = None,
    retry: RetryPolicy | None = None,
    clock: Clock | None = None,
    poll: PollSchedule | None = None,
    session: Any = None,
    timeout: float = 30.0,
    hooks: Hooks | None = None,
    role_arn: str | None = None,
    role_session_name: str = "streamkit",
    external_id: str | None = None,
) -> StreamingCloud:
    """A :class:`StreamingCloud` for one provider and region.

    AWS: ``endpoint_url`` (e.g. the emulator's), ``session`` (a ``boto3.Session``) or
    ``credentials``; otherwise boto3's credential chain. Alibaba: ``endpoint`` (host[:port]),
    ``credentials``; otherwise the alibabacloud-credentials chain. ``retry`` replaces the
    default :class:`RetryPolicy`; ``clock`` lets tests drive time; ``timeout`` bounds each
    HTTP request (seconds); ``hooks`` receive a record of every call, retry and poll.

    AWS, another account: ``role_arn`` (with ``role_session_name``, ``external_id``) makes
    every call with that role's credentials, got from STS AssumeRole with the credentials
    above and renewed before they expire.
    """
    return open_cloud(provider, region, None, endpoint_url=endpoint_url, endpoint=endpoint,
                      credentials=credentials, retry=retry, clock=clock, poll=poll,
                      session=session, timeout=timeout, hooks=hooks, role_arn=role_arn,
                      role_session_name=role_session_name, external_id=external_id)


def open_cloud(provider: object, region: object, bridge: Bridge | None, *,
               endpoint_url: str | None, endpoint: str | None, credentials: Credentials | None,
               retry: RetryPolicy | None, clock: Clock | None, poll: PollSchedule | None,
               session: Any, timeout: float, hooks: Hooks | None, role_arn: str | None,
               role_session_name: str, external_id: str | None) -> StreamingCloud:
    """:func:`connect`'s checks and client.

    With ``bridge``, over the provider's async transport (what :func:`streamkit.aio.connect`
    wraps).
    """
    try:
        info = PROVIDERS[Provider(provider)]
    except Exception:  # ValueError, or whatever the value's own __repr__ raises in it
        names = " or ".join(repr(p.value) for p in PROVIDERS)
        raise ValidationError("provider", f"must be {names}", provider) from None
    if not isinstance(region, str) or not info.region_re.fullmatch(region):
        raise ValidationError("region", "must look like 'us-east-1' or 'cn-shanghai'", region)
    if credentials is not None and not isinstance(credentials, Credentials):
        raise ValidationError("credentials", "must be a streamkit.Credentials",
                              type(credentials).__name__)
    if retry is not None and not isinstance(retry, RetryPolicy):
        raise ValidationError("retry", "must be a streamkit.RetryPolicy", retry)
    if clock is not None and not isinstance(clock, Clock):
        raise ValidationError("clock", "must have now() and sleep(seconds)", clock)
    if poll is not None and not isinstance(poll, PollSchedule):
        raise ValidationError("poll", "must be a streamkit.PollSchedule", poll)
    if (isinstance(timeout, bool) or not isinstance(timeout, (int, float))
            or not 0 < timeout <= MAX_REQUEST_TIMEOUT):
        raise ValidationError("timeout", f"must be a number of seconds > 0 and <= "
                              f"{MAX_REQUEST_TIMEOUT}", timeout)
    if hooks is not None and not isinstance(hooks, Hooks):
        raise ValidationError("hooks", "must be a streamkit.Hooks", hooks)
    given = {"endpoint_url": endpoint_url, "endpoint": endpoint, "session": session,
             "role_arn": role_arn, "external_id": external_id,
             "role_session_name": None if role_session_name == "streamkit"
             else role_session_name}
    options = {name: value for name, value in given.items() if value is not None}
    for name in options:
        if name not in info.options:
            takes = ", ".join(info.options)
            raise ValidationError(name, f"is not an option of {info.title} (it takes {takes})",
                                  options[name], show_value=False)
    clock = clock or SystemClock()
    hooks = hooks or Hooks()
    context = CallContext(provider=info.provider, region=region, retry=retry or DEFAULT_RETRY,
                          clock=clock, hooks=hooks)
    if bridge is not None:
        options["bridge"] = bridge
    adapter = info.make_adapter(context, timeout=float(timeout), credentials=credentials,
                                **options)
    return StreamingCloud(adapter, clock=clock, poll=poll, hooks=hooks)
