"""streamkit: one typed API for AWS AppStream 2.0 and Alibaba Cloud App Streaming.

>>> import streamkit
>>> cloud = streamkit.connect("aws", region="us-east-1")      # doctest: +SKIP
>>> for fleet in cloud.fleets.list(): print(fleet.id, fleet.state)  # doctest: +SKIP

Importing streamkit loads no cloud SDK; a provider's SDK loads when you connect to it.
"""

from streamkit.client import StreamingCloud, connect
from streamkit.clock import Clock, SystemClock
from streamkit.credentials import Credentials
from streamkit.errors import (
    AlreadyExists,
    ConcurrentModification,
    Conflict,
    InvalidRequest,
    NotFound,
    PermissionDenied,
    ProviderError,
    QuotaExceeded,
    ServiceUnavailable,
    StreamkitError,
    Throttled,
    UnsupportedOperation,
    ValidationError,
    WaiterError,
    WaiterFailed,
    WaiterTimeout,
)
from streamkit.hooks import CallRecord, Hooks
from streamkit.models import (
    AccessKind,
    Application,
    Capacity,
    ConnectionState,
    Deployment,
    FastLaunchImage,
    FastLaunchState,
    Fleet,
    FleetState,
    FleetType,
    Image,
    ImageBuilder,
    ImageBuilderState,
    ImageState,
    LaunchTemplateRef,
    Page,
    Provider,
    ResourceError,
    Secret,
    Session,
    SessionState,
    Stack,
    StreamingAccess,
)
from streamkit.providers.base import Capability
from streamkit.retry import RetryEvent, RetryPolicy
from streamkit.specs import DeploymentSpec, FleetSpec, ImageBuilderSpec, StackSpec, UsageScaling
from streamkit.waiting import Observation, PollSchedule

__version__ = "0.1.0"

__all__ = [
    "AccessKind",
    "AlreadyExists",
    "Application",
    "CallRecord",
    "Capability",
    "Capacity",
    "Clock",
    "ConcurrentModification",
    "Conflict",
    "ConnectionState",
    "Credentials",
    "Deployment",
    "DeploymentSpec",
    "FastLaunchImage",
    "FastLaunchState",
    "Fleet",
    "FleetSpec",
    "FleetState",
    "FleetType",
    "Hooks",
    "Image",
    "ImageBuilder",
    "ImageBuilderSpec",
    "ImageBuilderState",
    "ImageState",
    "InvalidRequest",
    "LaunchTemplateRef",
    "NotFound",
    "Observation",
    "Page",
    "PermissionDenied",
    "PollSchedule",
    "Provider",
    "ProviderError",
    "QuotaExceeded",
    "ResourceError",
    "RetryEvent",
    "RetryPolicy",
    "Secret",
    "ServiceUnavailable",
    "Session",
    "SessionState",
    "Stack",
    "StackSpec",
    "StreamingAccess",
    "StreamingCloud",
    "StreamkitError",
    "SystemClock",
    "Throttled",
    "UnsupportedOperation",
    "UsageScaling",
    "ValidationError",
    "WaiterError",
    "WaiterFailed",
    "WaiterTimeout",
    "connect",
]
