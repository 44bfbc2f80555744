"""The async client seen as a sync one, so the conformance suite runs on both unchanged.

:class:`Blocking` wraps an object of :mod:`streamkit.aio` and runs every coroutine its
methods return to completion on one event loop, and turns every async iterator into a sync
one; services come back wrapped too. Test-side only: the library has no such thing.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from streamkit.aio.bridge import Wrapper


def _items(items: AsyncIterator[Any], loop: asyncio.AbstractEventLoop) -> Iterator[Any]:
    while True:
        try:
            yield loop.run_until_complete(items.__anext__())
        except StopAsyncIteration:
            return


class Blocking:
    """``target``'s methods, each coroutine run on ``loop`` until it is done."""

    def __init__(self, target: Any, loop: asyncio.AbstractEventLoop) -> None:
        self._target = target
        self._loop = loop
        self._wrapped: dict[int, Blocking] = {}

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if isinstance(value, Wrapper):  # a service (cloud.fleets) or extension (cloud.aws)
            made = self._wrapped.get(id(value))
            if made is None:
                made = self._wrapped[id(value)] = Blocking(value, self._loop)
            return made
        if not callable(value):
            return value
        return self._blocking(value)

    def _blocking(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            result = method(*args, **kwargs)
            if inspect.iscoroutine(result):
                return self._loop.run_until_complete(result)
            if isinstance(result, AsyncIterator):
                return _items(result, self._loop)
            return result

        return call

    def __repr__(self) -> str:
        return f"Blocking({self._target!r})"
