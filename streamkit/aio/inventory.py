"""Fan-out for asyncio: the same read on many async clouds at once, a bounded number at a time.

::

    clouds = [streamkit.aio.connect("aws", region=r) for r in regions]
    found = await streamkit.aio.inventory(clouds, lambda c: c.fleets.list_page(), concurrency=8)

As :func:`streamkit.inventory`, with coroutines on one loop instead of threads: ``read`` is an
async function of one cloud, at most ``concurrency`` of them run at once (a semaphore).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar, overload

# through the facade first: its first import of streamkit.inventory keeps the package's
# ``inventory`` the function, not the module of that name
from streamkit import Inventory
from streamkit.aio.client import AsyncStreamingCloud
from streamkit.errors import ValidationError
from streamkit.inventory import DEFAULT_WORKERS, collected, keyed

__all__ = ["inventory"]

K = TypeVar("K")
T = TypeVar("T")
Read = Callable[[AsyncStreamingCloud], Awaitable[T]]


@overload
async def inventory(clouds: Mapping[K, AsyncStreamingCloud], read: Read[T], *,
                    concurrency: int = DEFAULT_WORKERS) -> Inventory[K, T]: ...
@overload
async def inventory(clouds: Sequence[AsyncStreamingCloud], read: Read[T], *,
                    concurrency: int = DEFAULT_WORKERS
                    ) -> Inventory[AsyncStreamingCloud, T]: ...
async def inventory(clouds: Mapping[K, AsyncStreamingCloud] | Sequence[AsyncStreamingCloud],
                    read: Read[T], *, concurrency: int = DEFAULT_WORKERS) -> Inventory[Any, T]:
    """Await ``read(cloud)`` on every cloud, at most ``concurrency`` at a time.

    Every exception a read raises is kept in ``errors`` under its cloud's key (the others
    carry on); cancelling the inventory cancels the reads under way.
    """
    pairs = keyed(clouds, AsyncStreamingCloud, "streamkit.aio.AsyncStreamingCloud")
    if not callable(read):
        raise ValidationError("read", "must be an async function of one cloud", read)
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValidationError("concurrency", "must be a whole number >= 1", concurrency)
    gate = asyncio.Semaphore(concurrency)

    async def timed(cloud: AsyncStreamingCloud) -> tuple[T | None, Exception | None, float]:
        async with gate:
            started = time.perf_counter()
            try:
                value, error = await read(cloud), None
            except Exception as exc:  # kept for the caller, under this cloud's key
                value, error = None, exc
            return value, error, time.perf_counter() - started

    outcomes = await asyncio.gather(*(timed(cloud) for _key, cloud in pairs))
    return collected(pairs, outcomes)
