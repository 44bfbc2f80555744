"""Attaching to a running emulator by its URL, over HTTP: connect arguments, clock, now()."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

import streamkit
from streamkit.testing import Emulator, attach
from tests.harness import HARNESSES


@pytest.mark.parametrize("provider", ["aws", "alibaba"])
def test_attach_gives_connect_args_and_the_clock(emulator: Emulator, provider: str) -> None:
    attached = attach(emulator.aws_endpoint)
    cloud = streamkit.connect(provider, **attached.connect_args(provider))  # type: ignore[arg-type]
    spec = HARNESSES[provider](emulator).deployment_spec("attached")
    fleet = cloud.deploy(spec).fleet
    assert cloud.now() == emulator.clock.utc_now()
    assert cloud.now().utcoffset() == timedelta(0)
    attached.clock.advance(3600)
    assert fleet.created_at is not None
    assert cloud.now() - fleet.created_at >= timedelta(hours=1)
    running = cloud.wait_until_fleet_running(fleet.id)  # waits move the emulator's clock
    assert running.state is streamkit.FleetState.RUNNING


def test_attach_takes_host_and_port_and_the_control_token() -> None:
    with Emulator(control_token="s3cret") as emu:
        with pytest.raises(PermissionError, match="control token"):
            attach(emu.alibaba_endpoint)
        attached = attach(emu.alibaba_endpoint, control_token="s3cret")
        before = attached.clock.now()
        assert attached.clock.advance(60) == before + 60 == emu.clock.now()
        args = attached.connect_args("alibaba")
        assert args["endpoint"] == emu.alibaba_endpoint and "s3cret" not in repr(args)
        images = list(streamkit.connect("alibaba", **args).images.list())
        assert images


def test_attach_to_nothing_says_so() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # bound, not listening: connections are refused
        url = f"http://127.0.0.1:{closed.getsockname()[1]}"
        with pytest.raises(ConnectionError, match="no streamkit emulator"):
            attach(url)
    with pytest.raises(ValueError):
        attach("ftp://127.0.0.1:1")


def test_attach_to_the_command(tmp_path: Path) -> None:
    """``streamkit emulator`` in its own process: the printed URL is all a script needs."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "PYTHONPATH": str(Path(streamkit.__file__).parent.parent)}
    server = subprocess.Popen([sys.executable, "-m", "streamkit.cli", "emulator", "--port", "0"],
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert server.stdout is not None
        printed = json.loads(server.stdout.readline())
        attached = attach(printed["aws"])
        cloud = streamkit.connect("aws", **attached.connect_args("aws"))
        assert [i.id for i in cloud.images.list()]
        before = cloud.now()
        attached.clock.advance(86400)
        assert cloud.now() - before >= timedelta(days=1)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_now_without_an_emulator_is_aware_utc() -> None:
    cloud = streamkit.connect("aws", "us-east-1", endpoint_url="http://127.0.0.1:9",
                              credentials=streamkit.Credentials("id", "secret"))
    assert cloud.now().utcoffset() == timedelta(0)
