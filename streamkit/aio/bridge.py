"""The sync core on an event loop: each call in a greenlet, each I/O point a switch to the loop.

streamkit's adapters, services and engines (paging, retry, waiting, deploy and its rollback)
are sync code whose only I/O is a transport's ``send`` and a clock's ``sleep``. :func:`run`
runs such code in a greenlet. At an I/O point the code calls :func:`await_only`, which
switches to the loop's side with the awaitable; :func:`run` awaits it there and switches back
with its result, or throws its exception in. One code path serves both clients, and nothing
runs on another thread. Cancelling the task that awaits :func:`run` throws
:class:`asyncio.CancelledError` into the greenlet at its current I/O point: ``finally`` and
rollback code runs (awaiting as it goes) and the task ends. SQLAlchemy's asyncio extension
works the same way (``greenlet_spawn`` / ``await_only``).

greenlet is imported on the first call, so ``import streamkit.aio`` costs nothing extra.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

import attrs

from streamkit.clock import AsyncClock, utc_now
from streamkit.errors import ProviderError
from streamkit.transport import Answer, AsyncTransport

if TYPE_CHECKING:
    from greenlet import greenlet

__all__ = ["AsyncItems", "BlockingClock", "BlockingTransport", "Namespace", "Wrapper",
           "await_only",
           "awaitable", "greenlets", "iterating", "run"]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

_END: Any = object()


@functools.cache
def greenlets() -> tuple[type[greenlet], Callable[[], greenlet]]:
    """The greenlet class running one call, and ``getcurrent`` (ImportError without greenlet)."""
    from greenlet import getcurrent, greenlet

    class Call(greenlet):  # type: ignore[misc]  # (greenlet ships no stubs)
        """A greenlet running one sync call for ``driver``, the greenlet of the loop."""

        def __init__(self, fn: Callable[..., Any], driver: greenlet) -> None:
            super().__init__(fn, driver)
            self.driver = driver
            # the task's context variables stay visible in the sync code (and back)
            self.gr_context = driver.gr_context

    return Call, getcurrent


async def run(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """``fn(*args, **kwargs)`` in a greenlet, its I/O awaited on this loop; its result."""
    call_of, current = greenlets()
    call = call_of(fn, current())
    result: Any = call.switch(*args, **kwargs)
    while not call.dead:
        try:
            value = await result
        except BaseException as exc:  # CancelledError too: into the sync code, at its I/O
            result = call.throw(exc)
        else:
            result = call.switch(value)
    return result  # type: ignore[no-any-return]


def await_only(awaitable: Awaitable[T]) -> T:
    """Await ``awaitable`` from sync code that :func:`run` runs; its result."""
    driver = getattr(greenlets()[1](), "driver", None)
    if driver is None:
        if isinstance(awaitable, Coroutine):
            awaitable.close()  # never awaited: no warning about it
        raise RuntimeError("streamkit.aio: I/O of an async client outside an awaited call")
    value: T = driver.switch(awaitable)
    return value


class BlockingTransport:
    """An async transport as the sync core sees it: ``send`` awaits through :func:`await_only`."""

    __slots__ = ("_inner",)

    def __init__(self, inner: AsyncTransport) -> None:
        self._inner = inner

    def send(self, operation: str, params: Mapping[str, Any]) -> Answer:
        return await_only(self._inner.send(operation, params))

    def error(self, exc: Exception, operation: str) -> ProviderError:
        return self._inner.error(exc, operation)


class BlockingClock:
    """An :class:`~streamkit.AsyncClock` as the sync core sees it: ``sleep`` awaits its sleep."""

    __slots__ = ("_clock",)

    def __init__(self, clock: AsyncClock) -> None:
        self._clock = clock

    def now(self) -> float:
        return self._clock.now()

    def utc_now(self) -> datetime:
        return utc_now(self._clock)

    def sleep(self, seconds: float) -> None:
        await_only(self._clock.sleep(seconds))

    def __repr__(self) -> str:
        return repr(self._clock)


class AsyncItems(AsyncIterator[T]):
    """A listing's sync iterator as an async one: each step runs in a greenlet."""

    __slots__ = ("_items",)

    def __init__(self, items: Iterator[T]) -> None:
        self._items = items

    def __aiter__(self) -> AsyncItems[T]:
        return self

    async def __anext__(self) -> T:
        item = await run(next, self._items, _END)  # StopIteration must not cross a coroutine
        if item is _END:
            raise StopAsyncIteration
        return item


class Wrapper:
    """What an async facade object holds: ``_sync``, the sync object it drives."""

    __slots__ = ("_sync",)

    def __init__(self, sync: Any) -> None:
        self._sync = sync


class Namespace(Wrapper):
    """Any sync object of the facade, awaited: what an extension (``cloud.aws``) offers.

    A method comes back as a coroutine function, or, if it returns an iterator, as a function
    returning an async iterator; an area of the extension (an object of a provider's
    ``extensions`` package) comes back wrapped the same way; anything else as it is.
    """

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._sync, name)
        if inspect.ismethod(value):
            method: Callable[..., Any] = value.__func__
            returns = str(inspect.signature(method).return_annotation)
            wrap = iterating if "Iterator[" in returns else awaitable
            return functools.partial(wrap(method), self)
        if type(value).__module__.startswith("streamkit.providers.") and not attrs.has(
                type(value)):
            return Namespace(value)
        return value

    def __repr__(self) -> str:
        return f"{self._sync!r} (awaited)"


def awaitable(method: Callable[Concatenate[Any, P], R]
              ) -> Callable[Concatenate[Wrapper, P], Coroutine[Any, Any, R]]:
    """The async form of a sync method: same parameters, its body run by :func:`run`."""

    async def call(self: Wrapper, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return await run(method, self._sync, *args, **kwargs)  # pyright: ignore[reportPrivateUsage]

    return functools.wraps(method)(call)


def iterating(method: Callable[Concatenate[Any, P], Iterator[T]]
              ) -> Callable[Concatenate[Wrapper, P], AsyncIterator[T]]:
    """The async form of a sync listing: checks its input at once, then yields asynchronously."""

    def call(self: Wrapper, /, *args: P.args, **kwargs: P.kwargs) -> AsyncIterator[T]:
        return AsyncItems(method(self._sync, *args, **kwargs))  # pyright: ignore[reportPrivateUsage]

    return functools.wraps(method)(call)
