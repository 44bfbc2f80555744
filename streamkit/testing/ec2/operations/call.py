"""What every EC2 operation receives, and the registry they are declared on."""

from __future__ import annotations

import attrs

from streamkit.testing.core.service import Body, Call, Operations
from streamkit.testing.ec2.protocol import Form
from streamkit.testing.ec2.state import Ami, Ec2State

__all__ = ["OPERATIONS", "Body", "Ec2Call"]


@attrs.frozen
class Ec2Call(Call[Ec2State, Form]):
    """One EC2 call: its form, the service's state, the signed region and the time."""

    @property
    def images(self) -> dict[str, Ami]:
        """The AMIs of the region the request was signed for."""
        return self.state.region(self.region)


OPERATIONS: Operations[Ec2Call] = Operations()
"""EC2's simulated actions: ``@OPERATIONS("EnableFastLaunch")`` registers one."""
