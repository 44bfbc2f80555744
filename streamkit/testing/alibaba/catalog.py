"""Fixed facts of the simulated service: regions, node instance types, seeded system images."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

__all__ = [
    "DEFAULT_REGION",
    "NODE_INSTANCE_TYPES",
    "PRODUCT_TYPE",
    "REGIONS",
    "SYSTEM_IMAGES",
    "TENANT_ID",
    "NodeInstanceType",
    "SystemImage",
    "stable_id",
]

PRODUCT_TYPE: Final = "CloudApp"
DEFAULT_REGION: Final = "cn-shanghai"
TENANT_ID: Final = 1_700_000_000_000_001  # the simulated account (GetConnectionTicket.TenantId)
REGIONS: Final[tuple[str, ...]] = (
    "cn-shanghai", "cn-hangzhou", "cn-beijing", "cn-shenzhen", "ap-southeast-1",
)

_ALPHABET: Final = "0123456789abcdefghijklmnopqrstuvwxyz"


def stable_id(prefix: str, seed: str, length: int = 17) -> str:
    """A realistic-looking id (``img-`` + 17 lower-case alnum) that is the same on every run."""
    number = int.from_bytes(hashlib.sha256(seed.encode()).digest(), "big")
    chars: list[str] = []
    for _ in range(length):
        number, digit = divmod(number, len(_ALPHABET))
        chars.append(_ALPHABET[digit])
    return f"{prefix}-{''.join(chars)}"


@attrs.frozen
class NodeInstanceType:
    """A resource spec a node pool can use (ListNodeInstanceType); ``max_capacity`` bounds
    NodeCapacity. Memory sizes are MiB; ``gpu`` is the GPU share the SDK reports as text."""

    name: str
    type_name: str
    max_capacity: int
    cpu: int
    memory: int
    gpu: str = "0"
    gpu_memory: int = 0

    @property
    def family(self) -> str:
        """``appstreaming.general`` or ``appstreaming.vgpu``."""
        return ".".join(self.name.split(".")[:2])


NODE_INSTANCE_TYPES: Final[Mapping[str, NodeInstanceType]] = MappingProxyType({
    t.name: t for t in (
        NodeInstanceType("appstreaming.general.2c4g", "General 2 vCPU 4 GiB", 1, 2, 4096),
        NodeInstanceType("appstreaming.general.4c8g", "General 4 vCPU 8 GiB", 2, 4, 8192),
        NodeInstanceType("appstreaming.general.8c16g", "General 8 vCPU 16 GiB", 4, 8, 16384),
        NodeInstanceType("appstreaming.vgpu.8c16g.4g", "Graphics 8 vCPU 16 GiB 4 GiB GPU", 4,
                         8, 16384, "0.25", 4096),
        NodeInstanceType("appstreaming.vgpu.8c31g.16g", "Graphics 8 vCPU 31 GiB 16 GiB GPU", 4,
                         8, 31744, "1", 16384),
        NodeInstanceType("appstreaming.vgpu.14c93g.12g", "Graphics 14 vCPU 93 GiB 12 GiB GPU",
                         7, 14, 95232, "0.5", 12288),
        NodeInstanceType("appstreaming.vgpu.16c32g.8g", "Graphics 16 vCPU 32 GiB 8 GiB GPU", 8,
                         16, 32768, "0.5", 8192),
    )
})


@attrs.frozen
class SystemImage:
    """An image every account sees (ImageType ``System``), re-created on each reset."""

    image_id: str
    name: str
    platform_name: str
    description: str
    apps: tuple[tuple[str, str], ...]  # (AppId, AppName)


def _system_image(name: str, platform_name: str, description: str,
                  apps: tuple[str, ...]) -> SystemImage:
    return SystemImage(
        image_id=stable_id("img", f"system-image/{name}"),
        name=name,
        platform_name=platform_name,
        description=description,
        apps=tuple((stable_id("ca", f"app/{app}"), app) for app in apps),
    )


SYSTEM_IMAGES: Final[tuple[SystemImage, ...]] = (
    _system_image("Windows Server 2019 Office", "Windows Server 2019",
                  "Office apps on Windows Server 2019", ("Notepad", "WordPad", "Calculator")),
    _system_image("Windows Server 2019 Browser", "Windows Server 2019",
                  "A web browser on Windows Server 2019", ("Edge",)),
    _system_image("Windows Server 2019 Base", "Windows Server 2019",
                  "Windows Server 2019 with no extra apps", ("Notepad",)),
)
