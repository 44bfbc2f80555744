"""The emulator: simulated AWS AppStream and Alibaba App Streaming on 127.0.0.1.

It speaks each cloud's real wire protocol, so boto3, the AWS CLI and the Alibaba SDK work
against it unchanged. Use :class:`Emulator` as a context manager, the ``streamkit_emulator``
pytest fixture, or the ``streamkit emulator`` command.
"""

from streamkit.testing.core.clock import EmulatorClock
from streamkit.testing.emulator import Emulator

__all__ = ["Emulator", "EmulatorClock"]
