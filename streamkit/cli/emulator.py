"""The commands that need no cloud: ``streamkit emulator`` and ``streamkit demo``."""

from __future__ import annotations

import contextlib
import json
import sys

import click

__all__ = ["demo", "emulator"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Anything but loopback needs --control-token.")
@click.option("--port", type=int, default=0, show_default=True, help="0 picks a free port.")
@click.option("--aws-access-key-id")
@click.option("--aws-secret-access-key")
@click.option("--alibaba-access-key-id")
@click.option("--alibaba-access-key-secret")
@click.option("--control-token", envvar="STREAMKIT_CONTROL_TOKEN",
              help="Control requests must send 'Authorization: Bearer <token>' "
                   "(env STREAMKIT_CONTROL_TOKEN).")
@click.option("--allow-unauthenticated-control", is_flag=True,
              help="Serve the control API without a token on a non-loopback --host.")
def emulator(host: str, port: int, aws_access_key_id: str | None,
             aws_secret_access_key: str | None, alibaba_access_key_id: str | None,
             alibaba_access_key_secret: str | None, control_token: str | None,
             allow_unauthenticated_control: bool) -> None:
    """Serve the simulated clouds until killed.

    Prints one JSON line first: {"aws": URL, "alibaba": HOST:PORT, "credentials": {...},
    "control": URL, "control_token_required": BOOL}. The clock starts at real now and
    follows real time; POST /_streamkit/clock {"advance": s} jumps it, POST
    /_streamkit/reset forgets every resource.
    """
    from streamkit.testing.core.clock import EmulatorClock
    from streamkit.testing.emulator import Emulator, is_loopback

    given = {
        "aws": {"access_key_id": aws_access_key_id,
                "secret_access_key": aws_secret_access_key},
        "alibaba": {"access_key_id": alibaba_access_key_id,
                    "access_key_secret": alibaba_access_key_secret},
    }
    credentials = {provider: {k: v for k, v in values.items() if v}
                   for provider, values in given.items()}
    if not is_loopback(host):
        if not control_token and not allow_unauthenticated_control:
            raise click.UsageError(f"--host {host} is reachable from other machines: give "
                                   "--control-token (or --allow-unauthenticated-control)")
        click.echo(f"streamkit: WARNING: the emulator listens on {host}, beyond this machine; "
                   "its control API " + ("needs the control token" if control_token else
                                         "is open to anyone who reaches it"), err=True)
    server = Emulator(host=host, port=port, credentials=credentials,
                      clock=EmulatorClock(frozen=False), control_token=control_token or None,
                      allow_unauthenticated_control=allow_unauthenticated_control)
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
