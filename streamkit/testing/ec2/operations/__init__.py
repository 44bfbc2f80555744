"""EC2's simulated actions (Windows fast launch), registered on OPERATIONS."""

from streamkit.testing.ec2.operations import fast_launch
from streamkit.testing.ec2.operations.call import OPERATIONS, Ec2Call

__all__ = ["OPERATIONS", "Ec2Call", "fast_launch"]
