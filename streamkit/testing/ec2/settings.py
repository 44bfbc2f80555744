"""Tunable knobs of the simulated EC2 fast launch: how long its transitions take."""

from __future__ import annotations

import attrs

__all__ = ["Ec2Timings"]


@attrs.frozen
class Ec2Timings:
    """Seconds (on the emulator clock) fast launch takes to enable and to disable."""

    enable: float = 600.0
    disable: float = 300.0
