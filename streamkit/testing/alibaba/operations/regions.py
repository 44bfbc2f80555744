"""The region list."""

from __future__ import annotations

from streamkit.testing.alibaba.catalog import REGIONS
from streamkit.testing.alibaba.operations.call import OPERATIONS, AlibabaCall, Body

__all__ = ["list_regions"]


@OPERATIONS("ListRegions")
def list_regions(call: AlibabaCall) -> Body:
    """ListRegions: the regions delivery groups can live in (note lower-case ``regionId``)."""
    call.params.product_type(required=False)
    return {"RegionModels": [{"regionId": region} for region in REGIONS]}
