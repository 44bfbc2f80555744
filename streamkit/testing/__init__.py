"""The emulator: simulated AWS AppStream and Alibaba App Streaming on 127.0.0.1.

It speaks each cloud's real wire protocol, so boto3, the AWS CLI and the Alibaba SDK work
against it unchanged. Use :class:`Emulator` as a context manager, the ``streamkit_emulator``
pytest fixture, or the ``streamkit emulator`` command.

The names below load on first use (PEP 562): the pytest plugin lives in this package, and
every pytest run where streamkit is installed loads it, so the package itself stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from streamkit.testing.attached import AttachedEmulator, attach
    from streamkit.testing.core.clock import EmulatorClock
    from streamkit.testing.emulator import Emulator

__all__ = ["AttachedEmulator", "Emulator", "EmulatorClock", "attach"]


def __getattr__(name: str) -> Any:
    if name in ("attach", "AttachedEmulator"):
        from streamkit.testing import attached as module

        return getattr(module, name)
    if name == "Emulator":
        from streamkit.testing.emulator import Emulator

        return Emulator
    if name == "EmulatorClock":
        from streamkit.testing.core.clock import EmulatorClock

        return EmulatorClock
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
