"""streamkit for asyncio: the same API, every call awaited, every listing an async iterator.

::

    import streamkit.aio

    async with streamkit.aio.connect("aws", region="us-east-1") as cloud:
        async for fleet in cloud.fleets.list():
            print(fleet.id, fleet.state)
        await cloud.wait_until_fleet_running("design-fleet")

Models, specs, errors, cursors and capabilities are :mod:`streamkit`'s. AWS runs on
aiobotocore, Alibaba on the Tea SDK's async calls (``pip install 'streamkit[async]'``);
neither SDK, nor greenlet, is imported before :func:`connect`.
"""

from streamkit.aio.client import AsyncStreamingCloud, connect
from streamkit.aio.inventory import inventory
from streamkit.clock import AsyncClock, AsyncSystemClock

__all__ = ["AsyncClock", "AsyncStreamingCloud", "AsyncSystemClock", "connect", "inventory"]
