"""Fan-out: the same read on many clouds (regions, accounts, providers) at once.

::

    clouds = [streamkit.connect("aws", region=r) for r in ("us-east-1", "eu-west-1")]
    found = streamkit.inventory(clouds, lambda cloud: list(cloud.fleets.list()))
    for cloud, fleets in found.results.items(): ...
    for cloud, error in found.errors.items(): ...      # one cloud's failure loses no other's

Reads run on a bounded pool of threads (the SDK calls wait on the network, not the CPU);
give a mapping to key the answers your way, e.g. ``{("prod", "us-east-1"): cloud, ...}``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Generic, TypeVar, cast, overload

import attrs

from streamkit.client import StreamingCloud
from streamkit.errors import ValidationError

__all__ = ["Inventory", "inventory"]

K = TypeVar("K")
T = TypeVar("T")
C = TypeVar("C")

#: Threads by default: enough for every AWS commercial region of one account at once.
DEFAULT_WORKERS = 16


@attrs.frozen(kw_only=True)
class Inventory(Generic[K, T]):
    """What one read gave on each cloud.

    Keyed like the clouds were given (the cloud itself, or the mapping's key): ``results``
    for the reads that returned, ``errors`` for the ones that raised, ``elapsed`` (seconds)
    for all of them.

    Args:
        results: What each read returned, by cloud (or by the mapping's key).
        errors: What each failed read raised, by cloud (or by the mapping's key).
        elapsed: Seconds each read took, by cloud (or by the mapping's key).
    """

    results: Mapping[K, T]
    errors: Mapping[K, Exception]
    elapsed: Mapping[K, float]

    @property
    def ok(self) -> bool:
        """Whether every read returned."""
        return not self.errors


@overload
def inventory(clouds: Mapping[K, StreamingCloud], read: Callable[[StreamingCloud], T], *,
              max_workers: int = DEFAULT_WORKERS) -> Inventory[K, T]: ...
@overload
def inventory(clouds: Sequence[StreamingCloud], read: Callable[[StreamingCloud], T], *,
              max_workers: int = DEFAULT_WORKERS) -> Inventory[StreamingCloud, T]: ...
def inventory(clouds: Mapping[K, StreamingCloud] | Sequence[StreamingCloud],
              read: Callable[[StreamingCloud], T], *,
              max_workers: int = DEFAULT_WORKERS) -> Inventory[Any, T]:
    """Run ``read(cloud)`` on every cloud concurrently, at most ``max_workers`` at a time.

    Every exception a read raises is kept in ``errors`` under its cloud's key (the others
    carry on); nothing is retried beyond each cloud's own :class:`~streamkit.RetryPolicy`.
    """
    pairs = keyed(clouds, StreamingCloud, "streamkit.StreamingCloud")
    if not callable(read):
        raise ValidationError("read", "must be a function of one cloud", read)
    if isinstance(max_workers, bool) or not isinstance(max_workers, int) or max_workers < 1:
        raise ValidationError("max_workers", "must be a whole number >= 1", max_workers)

    def timed(cloud: StreamingCloud) -> tuple[T | None, Exception | None, float]:
        started = time.perf_counter()
        try:
            value, error = read(cloud), None
        except Exception as exc:  # kept for the caller, under this cloud's key
            value, error = None, exc
        return value, error, time.perf_counter() - started

    outcomes: list[tuple[T | None, Exception | None, float]] = []
    if pairs:
        with ThreadPoolExecutor(max_workers=min(max_workers, len(pairs)),
                                thread_name_prefix="streamkit-inventory") as pool:
            outcomes = list(pool.map(timed, [cloud for _key, cloud in pairs]))
    return collected(pairs, outcomes)


def keyed(clouds: object, kind: type[C], name: str) -> list[tuple[object, C]]:
    """(key, cloud) of each cloud given (a list: the cloud is its key), each checked."""
    if not isinstance(clouds, (Mapping, Iterable)) or isinstance(clouds, (str, bytes)):
        raise ValidationError("clouds", f"must be a list of {name.rsplit('.', 1)[1]} or a "
                              "mapping of keys to them", type(clouds).__name__)
    pairs: list[tuple[object, Any]] = list(
        clouds.items() if isinstance(clouds, Mapping) else ((c, c) for c in clouds))
    for _key, cloud in pairs:
        if not isinstance(cloud, kind):
            raise ValidationError("clouds", f"must hold {name} objects", type(cloud).__name__)
    return pairs


def collected(pairs: Sequence[tuple[object, object]],
              outcomes: Sequence[tuple[T | None, Exception | None, float]]
              ) -> Inventory[Any, T]:
    """The :class:`Inventory` of each cloud's (value, error, seconds)."""
    results: dict[object, T] = {}
    errors: dict[object, Exception] = {}
    elapsed: dict[object, float] = {}
    for (key, _cloud), (value, error, seconds) in zip(pairs, outcomes, strict=True):
        elapsed[key] = seconds
        if error is not None:
            errors[key] = error
        else:
            results[key] = cast(T, value)  # None only along with an error
    return Inventory(results=results, errors=errors, elapsed=elapsed)
