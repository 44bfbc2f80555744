"""What every operation handler receives, and what it returns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from streamkit.testing.alibaba.protocol import Params
from streamkit.testing.alibaba.state import CloudState
from streamkit.testing.alibaba.timings import AlibabaTimings

__all__ = ["Body", "Call", "Handler"]

Body = dict[str, Any]
"""An operation's success fields (``RequestId`` is added by the caller)."""


@attrs.frozen
class Call:
    """One API call: its action, parameters, the account's state, and the time it arrived."""

    action: str
    params: Params
    state: CloudState
    now: float
    timings: AlibabaTimings


Handler = Callable[[Call], Body]
"""One operation: reads ``Call.params``, changes ``Call.state``, returns the success body."""
