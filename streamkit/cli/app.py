"""The root of the ``streamkit`` command: the global options, error reporting, ``main``."""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from typing import Any

import click

import streamkit
from streamkit.cli.connection import Connection
from streamkit.cli.declarative import apply, plan
from streamkit.cli.deploy import call, capabilities, deploy, undeploy
from streamkit.cli.emulator import demo, emulator
from streamkit.cli.inventory import inventory
from streamkit.cli.options import global_options
from streamkit.cli.output import (
    EXIT_MEANINGS,
    CommandError,
    ExitCode,
    exit_code_for,
    failure_line,
)
from streamkit.cli.resources import resource_groups
from streamkit.cli.waits import wait

__all__ = ["cli", "main"]

_EXIT_CODES_HELP = "\b\nExit codes:\n" + "\n".join(
    f"  {int(code)}  {meaning}" for code, meaning in EXIT_MEANINGS.items())

_EPILOG = f"""\b
Examples:
  streamkit --provider aws --region us-east-1 fleets list
  streamkit --provider aws --region us-east-1 deploy --stack design --fleet design-fleet \\
      --instance-type stream.standard.medium --image AppStream-WinServer2019-06-12-2024
  streamkit --provider aws --region us-east-1 wait fleet-running design-fleet --timeout 20m
  streamkit -p alibaba -r cn-shanghai -o json fleets list | jq -r '.[].id'

{_EXIT_CODES_HELP}

Credentials come from each provider's default chain (AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY, ~/.aws, ...; ALIBABA_CLOUD_ACCESS_KEY_ID and
ALIBABA_CLOUD_ACCESS_KEY_SECRET, ~/.aliyun, ...).
"""


def _report(exc: click.ClickException) -> int:
    """Print a usage error as one line, like every other error; its exit code. A group
    given no subcommand prints its help instead (on stderr, exit 2, as click does)."""
    if isinstance(exc, click.exceptions.NoArgsIsHelpError):
        exc.show()
        return exc.exit_code
    label = "bad input" if isinstance(exc, click.UsageError) else "error"
    hint = ""
    if isinstance(exc, click.UsageError) and exc.ctx is not None:
        hint = f" (see '{exc.ctx.command_path} --help')"
    click.echo(" ".join(f"streamkit: {label}: {exc.format_message()}{hint}".split()), err=True)
    return exc.exit_code


class _Root(click.Group):
    """The root group: lists commands in a useful order and turns errors into exit codes."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as exc:
            raise click.exceptions.Exit(_report(exc)) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:  # a subcommand's usage error
            ctx.exit(_report(exc))
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            conn = ctx.find_object(Connection)
            if conn is not None and conn.debug and not isinstance(exc, CommandError):
                traceback.print_exc()
            click.echo(failure_line(exc), err=True)
            ctx.exit(int(exit_code_for(exc)))


@click.group("streamkit", cls=_Root, epilog=_EPILOG, context_settings={"max_content_width": 100})
@global_options(root=True)
@click.version_option(streamkit.__version__, prog_name="streamkit")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """AWS AppStream 2.0 and Alibaba Cloud App Streaming, through one neutral API.

    Name the cloud with --provider and --region, then a resource and a verb:
    `streamkit -p aws -r us-east-1 fleets scale design-fleet 4`. The options below work
    before or after any subcommand; every command takes -o json and --query.
    Secrets (streaming URLs, tickets) are printed only with --reveal.
    """
    ctx.ensure_object(Connection)


#: every command, in the order ``streamkit --help`` lists them
for _command in (deploy, undeploy, plan, apply, wait, *resource_groups(), call, inventory,
                 capabilities, emulator, demo):
    cli.add_command(_command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    try:
        result = cli.main(args=list(argv) if argv is not None else None, prog_name="streamkit",
                          standalone_mode=False)
    except click.ClickException as exc:
        return _report(exc)
    except click.exceptions.Abort:
        click.echo("streamkit: interrupted", err=True)
        return 130
    return result if isinstance(result, int) else int(ExitCode.OK)
