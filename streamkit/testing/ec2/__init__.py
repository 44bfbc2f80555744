"""The simulated EC2 Windows fast launch (EC2 query protocol over HTTP, SigV4-checked).

:class:`Ec2Cloud` is the backend the emulator serves beside AppStream, on the same port;
:class:`Ec2Timings` tunes how long enabling and disabling take on the emulator clock.
"""

from streamkit.testing.ec2.service import Ec2Cloud
from streamkit.testing.ec2.settings import Ec2Timings

__all__ = ["Ec2Cloud", "Ec2Timings"]
