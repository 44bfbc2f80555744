"""The simulated AWS AppStream 2.0 service (JSON 1.1 over HTTP, SigV4-checked).

:class:`AwsCloud` is the backend the emulator serves; :class:`AwsTimings` and
:class:`AwsPageSizes` tune its state machines and listings.
"""

from streamkit.testing.aws.service import AwsCloud
from streamkit.testing.aws.settings import AwsPageSizes, AwsTimings

__all__ = ["AwsCloud", "AwsPageSizes", "AwsTimings"]
