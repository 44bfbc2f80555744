"""The commands that need no cloud: ``streamkit emulator`` and ``streamkit demo``."""

from __future__ import annotations

import contextlib
import json
import sys

import click

__all__ = ["demo", "emulator"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=0, show_default=True, help="0 picks a free port.")
@click.option("--aws-access-key-id")
@click.option("--aws-secret-access-key")
@click.option("--alibaba-access-key-id")
@click.option("--alibaba-access-key-secret")
def emulator(host: str, port: int, aws_access_key_id: str | None,
             aws_secret_access_key: str | None, alibaba_access_key_id: str | None,
             alibaba_access_key_secret: str | None) -> None:
    """Serve the simulated clouds until killed.

    Prints one JSON line first: {"aws": URL, "alibaba": HOST:PORT, "credentials": {...},
    "control": URL}. The clock follows real time; POST /_streamkit/clock {"advance": s}
    jumps it, POST /_streamkit/reset forgets every resource.
    """
    from streamkit.testing.core.clock import EmulatorClock
    from streamkit.testing.emulator import Emulator

    given = {
        "aws": {"access_key_id": aws_access_key_id,
                "secret_access_key": aws_secret_access_key},
        "alibaba": {"access_key_id": alibaba_access_key_id,
                    "access_key_secret": alibaba_access_key_secret},
    }
    credentials = {provider: {k: v for k, v in values.items() if v}
                   for provider, values in given.items()}
    server = Emulator(host=host, port=port, credentials=credentials,
                      clock=EmulatorClock(frozen=False))
    click.echo(json.dumps(server.info()))
    sys.stdout.flush()
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


@click.command()
@click.pass_context
def demo(ctx: click.Context) -> None:
    """Tour streamkit against the built-in emulator (no cloud account needed)."""
    from streamkit.demo import main as demo_main

    code = demo_main()
    if code:
        ctx.exit(code)
