"""What one describe call costs on the emulator vs on moto's server, in the same process.

Comparable calls: the emulator's AppStream ``DescribeFleets(Names=[one])`` against moto's ECS
``DescribeClusters(clusters=[one])`` (moto has no AppStream; ECS speaks the same JSON 1.1
protocol with ``X-Amz-Target`` and describes one named resource). Two measures, calls
alternating one by one, medians:

* round trip through boto3 (what a test suite pays per call, boto3's own time included);
* the server alone: the request boto3 signed once, replayed over a kept-alive connection
  with ``http.client`` (the emulator does not check the signature's date, moto does not
  check signatures), so client-side work is nearly nil.

moto runs as ``ThreadedMotoServer`` (moto[server]) with werkzeug's per-request log line off.
"""

from __future__ import annotations

import http.client
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from moto.server import ThreadedMotoServer
from table import Row, alternate

import streamkit
from streamkit.testing import Emulator

CONFIG = Config(retries={"total_max_attempts": 1})


def _replay(client: Any, event: str, call: Callable[[], Any]) -> Callable[[], bytes]:
    """A function that sends again the raw HTTP request ``call`` makes through ``client``."""
    sent: list[Any] = []
    client.meta.events.register(event, lambda request, **_: sent.append(request))
    call()
    request = sent[0]
    url = urlsplit(request.url)
    headers = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}
    body = request.body
    connection = [http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port)]

    def send() -> bytes:
        for attempt in range(2):
            try:
                connection[0].request(request.method, url.path or "/", body, headers)
                response = connection[0].getresponse()
                data = response.read()
                assert response.status == 200, data
                return data
            except (http.client.HTTPException, OSError):
                if attempt:
                    raise
                connection[0].close()
                connection[0] = http.client.HTTPConnection(url.hostname or "127.0.0.1",
                                                           url.port)
        raise AssertionError("unreachable")

    return send


def measure(samples: int = 500) -> list[Row]:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    try:
        host, port = moto.get_host_and_port()
        ecs = boto3.client("ecs", region_name="us-east-1", endpoint_url=f"http://{host}:{port}",
                           aws_access_key_id="AKIDMOTO", aws_secret_access_key="moto",
                           config=CONFIG)
        ecs.create_cluster(clusterName="bench")
        with Emulator() as emu:
            creds = emu.credentials["aws"]
            appstream = boto3.client("appstream", region_name="us-east-1",
                                     endpoint_url=emu.aws_endpoint, config=CONFIG,
                                     aws_access_key_id=creds["access_key_id"],
                                     aws_secret_access_key=creds["secret_access_key"])
            cloud = streamkit.connect("aws", **emu.connect_args("aws"))
            cloud.fleets.create(streamkit.FleetSpec(
                name="bench", instance_type="stream.standard.small",
                image_id="AppStream-WinServer2019-06-12-2024"))

            def ours() -> Any:
                return appstream.describe_fleets(Names=["bench"])

            def theirs() -> Any:
                return ecs.describe_clusters(clusters=["bench"])

            trip = alternate(ours, theirs, samples)
            server = alternate(_replay(appstream, "before-send.appstream.DescribeFleets", ours),
                               _replay(ecs, "before-send.ecs.DescribeClusters", theirs),
                               samples)
    finally:
        moto.stop()
    return [
        Row("emulator: DescribeFleets, server alone", "moto ECS DescribeClusters",
            server[1] * 1e6, server[0] * 1e6, "us", 0.5),
        Row("  round trip through boto3", "moto ECS DescribeClusters", trip[1] * 1e6,
            trip[0] * 1e6, "us"),
    ]


if __name__ == "__main__":
    from table import render

    print(render(measure()))
