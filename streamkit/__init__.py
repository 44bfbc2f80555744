"""streamkit: one typed API for AWS AppStream 2.0 and Alibaba Cloud App Streaming.

>>> import streamkit
>>> cloud = streamkit.connect("aws", region="us-east-1")      # doctest: +SKIP
>>> for fleet in cloud.fleets.list(): print(fleet.id, fleet.state)  # doctest: +SKIP

Importing streamkit loads no cloud SDK; a provider's SDK loads when you connect to it. The
names below load on first use (PEP 562), so ``import streamkit`` itself costs next to nothing.
"""

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (which costs ~15 ms)
if TYPE_CHECKING:
    from streamkit.client import StreamingCloud, connect
    from streamkit.clock import AsyncClock, AsyncSystemClock, Clock, SystemClock
    from streamkit.credentials import Credentials
    from streamkit.declarative import (
        Action,
        ApplyReport,
        Change,
        DesiredDeployment,
        DesiredState,
        Plan,
        Problem,
        load_desired,
    )
    from streamkit.errors import (
        AlreadyExists,
        ConcurrentModification,
        Conflict,
        InvalidRequest,
        NotFound,
        PartialDeployment,
        PermissionDenied,
        PlanBlocked,
        ProviderError,
        QuotaExceeded,
        ServiceUnavailable,
        SpecFileError,
        StreamkitError,
        Throttled,
        UnsupportedOperation,
        ValidationError,
        WaiterError,
        WaiterFailed,
        WaiterTimeout,
    )
    from streamkit.hooks import CallRecord, Hooks, RetryEvent
    from streamkit.inventory import Inventory, inventory
    from streamkit.models import (
        AccessKind,
        Application,
        Capacity,
        ConnectionState,
        Deployment,
        DomainJoin,
        FastLaunchImage,
        FastLaunchState,
        Fleet,
        FleetState,
        FleetType,
        Image,
        ImageBuilder,
        ImageBuilderState,
        ImagePermission,
        ImageState,
        ImageUpdate,
        InstanceType,
        LaunchTemplateRef,
        Leftover,
        Page,
        Provider,
        Region,
        ResourceError,
        Secret,
        Session,
        SessionBinding,
        SessionState,
        Stack,
        StreamingAccess,
        UserGroup,
    )
    from streamkit.providers.base import Capability
    from streamkit.retry import RetryPolicy
    from streamkit.specs import (
        AlibabaFleetOptions,
        DeploymentSpec,
        FleetSpec,
        ImageBuilderSpec,
        StackSpec,
        UsageScaling,
    )
    from streamkit.stack_settings import StackSettings, StorageConnector
    from streamkit.waiting import Observation, PollSchedule

__version__ = "0.1.0"

__all__ = [
    "AccessKind",
    "Action",
    "AlibabaFleetOptions",
    "AlreadyExists",
    "Application",
    "ApplyReport",
    "AsyncClock",
    "AsyncSystemClock",
    "CallRecord",
    "Capability",
    "Capacity",
    "Change",
    "Clock",
    "ConcurrentModification",
    "Conflict",
    "ConnectionState",
    "Credentials",
    "Deployment",
    "DeploymentSpec",
    "DesiredDeployment",
    "DesiredState",
    "DomainJoin",
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
    "ImagePermission",
    "ImageState",
    "ImageUpdate",
    "InstanceType",
    "InvalidRequest",
    "Inventory",
    "LaunchTemplateRef",
    "Leftover",
    "NotFound",
    "Observation",
    "Page",
    "PartialDeployment",
    "PermissionDenied",
    "Plan",
    "PlanBlocked",
    "PollSchedule",
    "Problem",
    "Provider",
    "ProviderError",
    "QuotaExceeded",
    "Region",
    "ResourceError",
    "RetryEvent",
    "RetryPolicy",
    "Secret",
    "ServiceUnavailable",
    "Session",
    "SessionBinding",
    "SessionState",
    "SpecFileError",
    "Stack",
    "StackSettings",
    "StackSpec",
    "StorageConnector",
    "StreamingAccess",
    "StreamingCloud",
    "StreamkitError",
    "SystemClock",
    "Throttled",
    "UnsupportedOperation",
    "UsageScaling",
    "UserGroup",
    "ValidationError",
    "WaiterError",
    "WaiterFailed",
    "WaiterTimeout",
    "connect",
    "inventory",
    "load_desired",
]

#: where each public name lives; loaded on first use
_EXPORTS: dict[str, tuple[str, ...]] = {
    "streamkit.client": ("StreamingCloud", "connect"),
    "streamkit.clock": ("AsyncClock", "AsyncSystemClock", "Clock", "SystemClock"),
    "streamkit.credentials": ("Credentials",),
    "streamkit.errors": (
        "AlreadyExists", "ConcurrentModification", "Conflict", "InvalidRequest", "NotFound",
        "PartialDeployment", "PermissionDenied", "PlanBlocked", "ProviderError",
        "QuotaExceeded", "ServiceUnavailable", "SpecFileError", "StreamkitError", "Throttled",
        "UnsupportedOperation", "ValidationError", "WaiterError", "WaiterFailed",
        "WaiterTimeout",
    ),
    "streamkit.declarative": ("Action", "ApplyReport", "Change",
                              "DesiredDeployment", "DesiredState", "Plan", "Problem",
                              "load_desired"),
    "streamkit.hooks": ("CallRecord", "Hooks", "RetryEvent"),
    "streamkit.inventory": ("Inventory", "inventory"),
    "streamkit.models": (
        "AccessKind", "Application", "Capacity", "ConnectionState", "Deployment", "DomainJoin",
        "FastLaunchImage", "FastLaunchState", "Fleet", "FleetState", "FleetType", "Image",
        "ImageBuilder",
        "ImageBuilderState", "ImagePermission", "ImageState", "ImageUpdate",
        "LaunchTemplateRef", "Leftover", "Page", "Provider",
        "Region", "ResourceError", "InstanceType",
        "Secret", "Session", "SessionBinding", "SessionState", "Stack", "StreamingAccess",
        "UserGroup",
    ),
    "streamkit.providers.base": ("Capability",),
    "streamkit.retry": ("RetryPolicy",),
    "streamkit.specs": (
        "AlibabaFleetOptions", "DeploymentSpec", "FleetSpec", "ImageBuilderSpec", "StackSpec",
        "UsageScaling",
    ),
    "streamkit.stack_settings": ("StackSettings", "StorageConnector"),
    "streamkit.waiting": ("Observation", "PollSchedule"),
}
_HOME = {name: module for module, names in _EXPORTS.items() for name in names}

if not TYPE_CHECKING:
    import importlib

    def __getattr__(name: str) -> object:
        module = _HOME.get(name)
        if module is None:  # a submodule, e.g. streamkit.waiting
            if name.startswith("__"):
                raise AttributeError(name)
            try:
                return importlib.import_module(f"{__name__}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{__name__}.{name}":
                    raise
                raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        loaded = importlib.import_module(module)
        # all of the module's names at once: its first import bound the package's attribute
        # of the same name to the module (streamkit.inventory, after streamkit.Inventory)
        globals().update((exported, getattr(loaded, exported)) for exported in _EXPORTS[module])
        return globals()[name]

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(__all__))
