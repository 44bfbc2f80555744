# pyright: reportUnnecessaryTypeIgnoreComment=true
"""streamkit.aio's types, as users write them: checked by mypy --strict and pyright, never run.

Every method's signature is the sync one's, declared once there; these lines break if the
async form loses it (a wrong argument must stay an error, a result must keep its type).
"""

from __future__ import annotations

import streamkit
import streamkit.aio
from streamkit import DeploymentSpec, FleetSpec, StackSpec
from streamkit.testing import Emulator


async def using(emu: Emulator) -> None:
    cloud: streamkit.aio.AsyncStreamingCloud = streamkit.aio.connect(
        "aws", **emu.connect_args("aws"))
    async with streamkit.aio.connect("alibaba", "cn-shanghai", clock=emu.clock) as ali:
        ids: list[str] = [fleet.id async for fleet in ali.fleets.list()]
    fleet: streamkit.Fleet = await cloud.fleets.get("design-fleet")
    await cloud.fleets.get(42)  # type: ignore[arg-type]
    page: streamkit.Page[streamkit.Stack] = await cloud.stacks.list_page(page_size=10,
                                                                        cursor=None)
    scaled: streamkit.Fleet = await cloud.fleets.scale("design-fleet", 4)
    deployment: streamkit.Deployment = await cloud.deploy(DeploymentSpec(
        stack=StackSpec(name="s"), fleet=FleetSpec(name="f", instance_type="stream.standard.small",
                                                   image_id="img")))
    running: streamkit.Fleet = await cloud.wait_until_fleet_running(deployment.fleet.id,
                                                                    timeout=600)
    many: dict[str, streamkit.Fleet] = await cloud.wait_until_fleets_running(["a", "b"])
    await cloud.wait_until_fleet_running("f", timeout="soon")  # type: ignore[arg-type]
    users: list[str] = [user async for user in cloud.stacks.list_users("s")]
    answer: dict[str, object] = await cloud.call("DescribeFleets", {})
    await cloud.undeploy(deployment)
    await cloud.aclose()

    async def count(c: streamkit.aio.AsyncStreamingCloud) -> int:
        return len([f async for f in c.fleets.list()])

    found: streamkit.Inventory[str, int] = await streamkit.aio.inventory(
        {"prod": cloud}, count, concurrency=4)
    clock: streamkit.AsyncClock = streamkit.AsyncSystemClock()
    del ids, fleet, page, scaled, running, many, users, answer, found, clock
