"""What the service offers: its regions and the node instance types a group can run on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from streamkit.testing.alibaba.catalog import NODE_INSTANCE_TYPES, REGIONS, NodeInstanceType
from streamkit.testing.alibaba.operations.call import (
    OPERATIONS,
    AlibabaCall,
    Body,
    page_of,
    read_page,
)
from streamkit.testing.alibaba.operations.groups import CHARGE_TYPES, read_region

__all__ = ["list_node_instance_type", "list_regions"]

#: OrderBy -> the catalogue field it sorts on (the catalogue's own order otherwise)
_ORDER: Final[dict[str, Callable[[NodeInstanceType], int]]] = {
    "Cpu": lambda t: t.cpu, "Memory": lambda t: t.memory}


@OPERATIONS("ListRegions")
def list_regions(call: AlibabaCall) -> Body:
    """ListRegions: the regions delivery groups can live in (note lower-case ``regionId``)."""
    call.params.product_type(required=False)
    return {"RegionModels": [{"regionId": region} for region in REGIONS]}


def _model(spec: NodeInstanceType) -> Body:
    return {"NodeInstanceType": spec.name, "NodeInstanceTypeFamily": spec.family,
            "NodeTypeName": spec.type_name, "Cpu": str(spec.cpu), "Memory": spec.memory,
            "Gpu": spec.gpu, "GpuMemory": spec.gpu_memory, "MaxCapacity": spec.max_capacity}


@OPERATIONS("ListNodeInstanceType")
def list_node_instance_type(call: AlibabaCall) -> Body:
    """ListNodeInstanceType: the node instance types, filtered and sorted, page-numbered."""
    p = call.params
    p.product_type()
    page = read_page(p, default_size=20, max_size=100, required=True)
    read_region(p)
    p.choice("ChargeType", CHARGE_TYPES)
    p.choice("OsType", ("Windows", "Linux"))
    p.text("Language")
    name = p.text("NodeInstanceType")
    family = p.text("NodeInstanceTypeFamily")
    cpu, memory = p.number("Cpu", minimum=0), p.integer("Memory", minimum=0)
    gpu, gpu_memory = p.number("Gpu", minimum=0), p.integer("GpuMemory", minimum=0)
    # The type a group runs now: list what it can change to (the same family).
    current = p.choice("InstanceTypeForModify", NODE_INSTANCE_TYPES)
    if current is not None:
        family = family or NODE_INSTANCE_TYPES[current].family
    order = p.choice("OrderBy", tuple(_ORDER))
    descending = p.choice("SortType", ("ASC", "DESC"), default="ASC") == "DESC"
    p.text("OrderType")
    found = [t for t in NODE_INSTANCE_TYPES.values()
             if (not name or t.name == name) and (not family or t.family == family)
             and (cpu is None or cpu == t.cpu) and (memory is None or memory == t.memory)
             and (gpu is None or gpu == float(t.gpu))
             and (gpu_memory is None or gpu_memory == t.gpu_memory)]
    if order is not None:
        found.sort(key=_ORDER[order], reverse=descending)
    return {"NodeInstanceTypeModels": [_model(t) for t in page_of(found, page)],
            "PageNumber": page.number, "PageSize": page.size, "TotalCount": len(found)}
