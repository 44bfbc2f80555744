"""streamkit.aio: the same API as the sync client, awaited; what only the async client does."""

from __future__ import annotations

import asyncio
import inspect
import subprocess
import sys

import pytest
from botocore.exceptions import HTTPClientError

import streamkit
import streamkit.aio
from streamkit.aio import services as aio_services
from streamkit.aio.client import AsyncStreamingCloud
from streamkit.fast_launch import FastLaunch
from streamkit.services import Fleets, ImageBuilders, Images, Sessions, Stacks
from streamkit.testing import Emulator

TWINS = [(streamkit.StreamingCloud, AsyncStreamingCloud), (Stacks, aio_services.AsyncStacks),
         (Fleets, aio_services.AsyncFleets), (Images, aio_services.AsyncImages),
         (ImageBuilders, aio_services.AsyncImageBuilders),
         (Sessions, aio_services.AsyncSessions), (FastLaunch, aio_services.AsyncFastLaunch)]


def _public(kind: type) -> set[str]:
    return {name for name in dir(kind) if not name.startswith("_")}


@pytest.mark.parametrize(("sync", "twin"), TWINS, ids=[s.__name__ for s, _ in TWINS])
def test_every_public_method_has_its_async_twin(sync: type, twin: type) -> None:
    assert _public(sync) <= _public(twin)
    for name in _public(sync):
        method = getattr(sync, name)
        if not inspect.isfunction(method):
            continue
        returns = inspect.signature(method).return_annotation
        mine = getattr(twin, name)
        if name == "now":
            continue
        if "Iterator" in str(returns):
            assert not inspect.iscoroutinefunction(mine), name  # an async iterator
        else:
            assert inspect.iscoroutinefunction(mine), name


def test_importing_the_async_api_loads_no_sdk_and_no_greenlet() -> None:
    code = ("import sys, streamkit, streamkit.aio; "
            "print(sorted(m for m in ('aiobotocore', 'greenlet', 'boto3', 'botocore', "
            "'alibabacloud_tea_openapi') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_connect_checks_its_arguments_as_the_sync_connect_does() -> None:
    with pytest.raises(streamkit.ValidationError, match="provider"):
        streamkit.aio.connect("azure", "us-east-1")  # type: ignore[arg-type]
    with pytest.raises(streamkit.ValidationError, match="region"):
        streamkit.aio.connect("aws", "US East")
    with pytest.raises(streamkit.ValidationError, match="endpoint"):
        streamkit.aio.connect("aws", "us-east-1", endpoint="127.0.0.1:1")
    with pytest.raises(streamkit.ValidationError, match="clock") as err:
        streamkit.aio.connect("aws", "us-east-1", clock=object())  # type: ignore[arg-type]
    assert "async sleep" in str(err.value)
    with pytest.raises(streamkit.ValidationError, match="session"):
        streamkit.aio.connect("aws", "us-east-1", session="not a session")


def test_async_with_closes_the_sdk_clients(emulator: Emulator) -> None:
    async def use() -> object:
        async with streamkit.aio.connect("aws", **emulator.connect_args("aws")) as cloud:
            assert [f async for f in cloud.fleets.list()] == []
            (transport,) = cloud._transports
            client = transport.client  # type: ignore[attr-defined]
            assert client is not None  # made in the loop by the first call
        assert transport.client is None  # type: ignore[attr-defined]
        with pytest.raises(HTTPClientError):  # its connection pool is gone
            await client.describe_fleets()
        return client

    asyncio.run(use())


def test_a_cursor_crosses_between_the_sync_and_the_async_client(emulator: Emulator) -> None:
    sync = streamkit.connect("aws", **emulator.connect_args("aws"))
    for n in range(5):
        sync.stacks.create(streamkit.StackSpec(name=f"s{n}"))
    first = sync.stacks.list_page(page_size=2)

    async def rest() -> list[str]:
        async with streamkit.aio.connect("aws", **emulator.connect_args("aws")) as cloud:
            second = await cloud.stacks.list_page(page_size=2, cursor=first.next_cursor)
            assert second.next_cursor is not None
            third = sync.stacks.list_page(page_size=2, cursor=second.next_cursor)
            return [s.id for s in (*second.items, *third.items)]

    ids = [s.id for s in first.items] + asyncio.run(rest())
    assert sorted(ids) == [f"s{n}" for n in range(5)]


def test_extension_areas_are_awaited_too(emulator: Emulator) -> None:
    async def scenario() -> None:
        async with streamkit.aio.connect("alibaba", **emulator.connect_args("alibaba")) as cloud:
            assert cloud.alibaba is cloud.alibaba
            config = await cloud.alibaba.tenant.get()
            assert config == streamkit.connect(
                "alibaba", **emulator.connect_args("alibaba")).alibaba.tenant.get()
            assert [w async for w in cloud.alibaba.workstations.list()] == []
            assert inspect.iscoroutinefunction(cloud.alibaba.wait_until_workstation_running)
            with pytest.raises(streamkit.UnsupportedOperation, match=r"cloud\.aws"):
                cloud.aws  # noqa: B018

    asyncio.run(scenario())
