"""A running ``streamkit emulator``, reached by its URL: connect arguments and its clock.

::

    emu = streamkit.testing.attach("http://127.0.0.1:4566")
    cloud = streamkit.connect("aws", **emu.connect_args("aws"))
    emu.clock.advance(300)

The credentials come from the emulator's ``GET /_streamkit/info`` (its own test keys), the
clock is read and moved over ``/_streamkit/clock``; with a control token (``control_token=``
or ``STREAMKIT_CONTROL_TOKEN``) every control request carries it.
"""

from __future__ import annotations

import functools
import json
import os
import urllib.error
import urllib.request
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from streamkit.testing.core.clock import AsyncEmulatorClock
from streamkit.testing.core.server import CONTROL_PREFIX
from streamkit.testing.emulator import connect_args

__all__ = ["AttachedEmulator", "RemoteClock", "attach"]

_TIMEOUT = 10.0  # seconds one control request may take


class _Control:
    """JSON requests to one emulator's control API (no proxy: it is usually on loopback)."""

    def __init__(self, base_url: str, token: str | None) -> None:
        self.base_url = base_url
        self._token = token
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def __call__(self, route: str, body: dict[str, Any] | None = None) -> Any:
        url = f"{self.base_url}{CONTROL_PREFIX}{route}"
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method="GET" if body is None else "POST")
        if self._token:
            request.add_header("Authorization", f"Bearer {self._token}")
        try:
            with self._opener.open(request, timeout=_TIMEOUT) as answer:
                return json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as exc:
            if exc.code == 401:
                raise PermissionError(
                    f"the emulator at {self.base_url} needs its control token: pass "
                    "control_token= or set STREAMKIT_CONTROL_TOKEN") from None
            raise ConnectionError(f"the emulator at {self.base_url} answered {exc.code} to "
                                  f"{route!r}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ConnectionError(f"no streamkit emulator answers at {self.base_url} "
                                  f"({reason})") from None


class RemoteClock:
    """The attached emulator's clock: ``now()`` reads it, ``advance`` and ``sleep`` move it.

    Given to :func:`streamkit.connect` (``connect_args`` does), waits jump its time instead of
    sleeping, as with an in-process emulator's clock.
    """

    def __init__(self, control: _Control) -> None:
        self._control = control

    def now(self) -> float:
        """The emulator's time, epoch seconds."""
        return float(self._control("clock")["now"])

    def advance(self, seconds: float) -> float:
        """Move the emulator's time ahead by ``seconds``; its new time, epoch seconds."""
        return float(self._control("clock", {"advance": seconds})["now"])

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self.advance(seconds)

    @functools.cached_property
    def aio(self) -> AsyncEmulatorClock:
        """The async form, for :func:`streamkit.aio.connect` (each move a control call)."""
        return AsyncEmulatorClock(self)

    def utc_now(self) -> datetime:
        """The emulator's time as an aware UTC datetime."""
        return datetime.fromtimestamp(self.now(), timezone.utc)

    def __repr__(self) -> str:
        return f"streamkit.testing.RemoteClock({self._control.base_url!r})"


class AttachedEmulator:
    """An emulator served by another process; make one with :func:`attach`."""

    def __init__(self, base_url: str, control: _Control, info: dict[str, Any]) -> None:
        self.url = base_url
        self._control = control
        self._credentials: dict[str, dict[str, str]] = info["credentials"]
        self.control_token_required = bool(info.get("control_token_required"))
        self.clock = RemoteClock(control)

    def connect_args(self, provider: str, region: str | None = None) -> dict[str, Any]:
        """Keyword arguments for :func:`streamkit.connect` that reach this emulator."""
        return connect_args(provider, region, aws_endpoint=self.url,
                            credentials=self._credentials, clock=self.clock)

    def reset(self) -> None:
        """Forget every resource and fault; the clock keeps its time."""
        self._control("reset", {})

    def __repr__(self) -> str:
        return f"streamkit.testing.AttachedEmulator({self.url!r})"


def attach(url: str, *, control_token: str | None = None) -> AttachedEmulator:
    """The emulator serving at ``url`` (``http://127.0.0.1:4566`` or ``127.0.0.1:4566``).

    ``control_token`` (default: ``STREAMKIT_CONTROL_TOKEN``) is the emulator's control token,
    if it was started with one. Raises ConnectionError if no emulator answers there.
    """
    if not isinstance(url, str) or not url.strip():
        raise ValueError("url must be the emulator's URL, such as 'http://127.0.0.1:4566'")
    parts = urlsplit(url.strip() if "://" in url else f"http://{url.strip()}")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"url must be the emulator's http URL, not {url!r}")
    base_url = f"{parts.scheme}://{parts.netloc}"
    token = control_token if control_token is not None else os.environ.get(
        "STREAMKIT_CONTROL_TOKEN") or None
    control = _Control(base_url, token)
    info = control("info")
    if not isinstance(info, dict) or not isinstance(info.get("credentials"), dict):
        raise ConnectionError(f"{base_url} does not look like a streamkit emulator")
    return AttachedEmulator(base_url, control, info)
