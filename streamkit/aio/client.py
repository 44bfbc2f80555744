"""The async facade: :func:`connect` and :class:`AsyncStreamingCloud`.

The client is the sync :class:`~streamkit.StreamingCloud` itself, built over the provider's
async transport and an async clock (:mod:`streamkit.aio.bridge`); each method here is that
client's method, awaited. Translation, paging, retries, waits and deploy's rollback are the
sync client's code, not a copy.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from datetime import datetime
from types import TracebackType
from typing import Any, Literal

from streamkit.aio.bridge import (
    BlockingClock,
    BlockingTransport,
    Namespace,
    Wrapper,
    awaitable,
    greenlets,
)
from streamkit.aio.services import (
    AsyncFastLaunch,
    AsyncFleets,
    AsyncImageBuilders,
    AsyncImages,
    AsyncSessions,
    AsyncStacks,
)
from streamkit.client import StreamingCloud, open_cloud
from streamkit.clock import AsyncClock, AsyncSystemClock, Clock
from streamkit.credentials import Credentials
from streamkit.errors import ValidationError
from streamkit.hooks import Hooks
from streamkit.models import Provider
from streamkit.providers.base import Capability
from streamkit.retry import RetryPolicy
from streamkit.transport import AsyncTransport, Transport
from streamkit.waiting import PollSchedule

__all__ = ["AsyncStreamingCloud", "connect"]


class AsyncStreamingCloud(Wrapper):
    """One provider in one region, for an event loop. Make one with :func:`connect`.

    The same services (``stacks``, ``fleets``, ``images``, ``image_builders``, ``sessions``,
    ``fast_launch``), waiters and deploy as :class:`~streamkit.StreamingCloud`, every call
    awaited and every listing an async iterator. Use it from one event loop; ``async with``
    (or :meth:`aclose`) closes its SDK clients.
    """

    __slots__ = ("_namespaces", "_transports", "fast_launch", "fleets", "image_builders", "images",
                 "sessions", "stacks")

    def __init__(self, cloud: StreamingCloud, transports: list[AsyncTransport]) -> None:
        super().__init__(cloud)
        self._transports = transports  # every async transport made for it, ec2's included
        self._namespaces: dict[int, Namespace] = {}  # the extension's (made once, kept)
        self.stacks = AsyncStacks(cloud.stacks)
        self.fleets = AsyncFleets(cloud.fleets)
        self.images = AsyncImages(cloud.images)
        self.image_builders = AsyncImageBuilders(cloud.image_builders)
        self.sessions = AsyncSessions(cloud.sessions)
        self.fast_launch = AsyncFastLaunch(cloud.fast_launch)

    @property
    def provider(self) -> Provider:
        """The cloud this client speaks to."""
        return self._sync.provider  # type: ignore[no-any-return]

    @property
    def region(self) -> str:
        """The region this client works in."""
        return self._sync.region  # type: ignore[no-any-return]

    @property
    def capabilities(self) -> frozenset[Capability]:
        """What this provider supports natively; the rest raises UnsupportedOperation."""
        return self._sync.capabilities  # type: ignore[no-any-return]

    @property
    def hints(self) -> Mapping[Capability, str]:
        """For each capability this provider lacks, the portable way to the same result."""
        return self._sync.hints  # type: ignore[no-any-return]

    def _namespace(self, sync: object) -> Namespace:
        made = self._namespaces.get(id(sync))
        if made is None:
            made = self._namespaces[id(sync)] = Namespace(sync)
        return made

    @property
    def aws(self) -> Namespace:
        """``cloud.aws`` of the sync client, awaited; UnsupportedOperation on another cloud."""
        return self._namespace(self._sync.aws)

    @property
    def alibaba(self) -> Namespace:
        """``cloud.alibaba`` of the sync client, awaited; elsewhere unsupported."""
        return self._namespace(self._sync.alibaba)

    call = awaitable(StreamingCloud.call)

    def now(self) -> datetime:
        """The provider's now, aware UTC (the emulator's clock when connected to one)."""
        return self._sync.now()  # type: ignore[no-any-return]

    regions = awaitable(StreamingCloud.regions)
    instance_types = awaitable(StreamingCloud.instance_types)
    deploy = awaitable(StreamingCloud.deploy)
    undeploy = awaitable(StreamingCloud.undeploy)
    plan = awaitable(StreamingCloud.plan)
    apply = awaitable(StreamingCloud.apply)
    wait_until_fleet_running = awaitable(StreamingCloud.wait_until_fleet_running)
    wait_until_fleet_stopped = awaitable(StreamingCloud.wait_until_fleet_stopped)
    wait_until_fleet_deleted = awaitable(StreamingCloud.wait_until_fleet_deleted)
    wait_until_stack_deleted = awaitable(StreamingCloud.wait_until_stack_deleted)
    wait_until_image_available = awaitable(StreamingCloud.wait_until_image_available)
    wait_until_image_builder_running = awaitable(
        StreamingCloud.wait_until_image_builder_running)
    wait_until_image_builder_stopped = awaitable(
        StreamingCloud.wait_until_image_builder_stopped)
    wait_until_fast_launch_enabled = awaitable(StreamingCloud.wait_until_fast_launch_enabled)
    wait_until_fleets_running = awaitable(StreamingCloud.wait_until_fleets_running)
    wait_until_fleets_stopped = awaitable(StreamingCloud.wait_until_fleets_stopped)
    wait_until_images_available = awaitable(StreamingCloud.wait_until_images_available)
    wait_until_image_builders_running = awaitable(
        StreamingCloud.wait_until_image_builders_running)

    async def aclose(self) -> None:
        """Close the SDK clients and their connections."""
        for transport in self._transports:
            await transport.aclose()

    async def __aenter__(self) -> AsyncStreamingCloud:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return (f"streamkit.aio.AsyncStreamingCloud(provider={self.provider.value!r}, "
                f"region={self.region!r})")


def _is_async_clock(clock: object) -> bool:
    return callable(getattr(clock, "now", None)) and inspect.iscoroutinefunction(
        getattr(clock, "sleep", None))


def async_clock(clock: object) -> AsyncClock:
    """``clock`` as an :class:`~streamkit.AsyncClock`: itself, or its async form ``.aio``."""
    if clock is None:
        return AsyncSystemClock()
    try:
        form = getattr(clock, "aio", None)
    except Exception:  # a property of the caller's that raises: not an async form
        form = None
    for candidate in (form, clock):
        if candidate is not None and _is_async_clock(candidate):
            return candidate  # type: ignore[return-value]
    raise ValidationError("clock", "must have now() and async sleep(seconds), or offer such "
                          "a clock as .aio", clock)


def connect(
    provider: Literal["aws", "alibaba"] | Provider,
    region: str,
    *,
    endpoint_url: str | None = None,
    endpoint: str | None = None,
    credentials: Credentials | None = None,
    retry: RetryPolicy | None = None,
    clock: AsyncClock | Clock | None = None,
    poll: PollSchedule | None = None,
    session: Any = None,
    timeout: float = 30.0,
    hooks: Hooks | None = None,
    role_arn: str | None = None,
    role_session_name: str = "streamkit",
    external_id: str | None = None,
) -> AsyncStreamingCloud:
    """An :class:`AsyncStreamingCloud` for one provider and region.

    The arguments and their checks are :func:`streamkit.connect`'s, except: ``clock`` is an
    :class:`~streamkit.AsyncClock` or a clock offering one as ``.aio`` (the emulator's does,
    so ``**emu.connect_args(...)`` works here too); on AWS ``session`` is an aiobotocore
    ``AioSession``. AWS sends through aiobotocore, Alibaba through the Tea SDK's
    ``call_api_async``; both need ``pip install 'streamkit[async]'``. Nothing is sent and no
    SDK client is made until the first call, inside the event loop.
    """
    try:
        greenlets()  # the bridge needs greenlet: say so now, not at the first call
    except ImportError:
        raise ImportError("streamkit.aio needs greenlet and, for AWS, aiobotocore: "
                          "pip install 'streamkit[async]'") from None
    transports: list[AsyncTransport] = []

    def bridge(transport: AsyncTransport) -> Transport:
        transports.append(transport)
        return BlockingTransport(transport)

    cloud = open_cloud(provider, region, bridge, endpoint_url=endpoint_url, endpoint=endpoint,
                       credentials=credentials, retry=retry,
                       clock=BlockingClock(async_clock(clock)), poll=poll, session=session,
                       timeout=timeout, hooks=hooks, role_arn=role_arn,
                       role_session_name=role_session_name, external_id=external_id)
    return AsyncStreamingCloud(cloud, transports)
