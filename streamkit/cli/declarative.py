"""``streamkit plan`` and ``streamkit apply``: a desired state from a file, made so.

Their exit codes follow ``terraform plan -detailed-exitcode``: 0 no changes (``apply``: done),
2 changes to make (``plan`` only), 1 any failure, its kind named on the error line.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Generator
from contextlib import contextmanager

import click

from streamkit.cli.connection import Connection, pass_connection
from streamkit.cli.options import duration_option, global_options, progress_option
from streamkit.cli.output import Activity, CommandError, ExitCode, failure_line
from streamkit.declarative import Action, Plan, load_desired

__all__ = ["apply", "plan"]

NO_CHANGES, FAILURE, CHANGES = 0, 1, 2
_FILE_HELP = "The desired state: a .toml, .yaml/.yml or .json file."
_PRUNE_HELP = ("Also delete the deployments marked as this state's that the file no longer "
               "lists.")


@contextmanager
def _failures_exit_1() -> Generator[None, None, None]:
    """Any failure ends the command with 1 (``-detailed-exitcode``), its line printed."""
    try:
        yield
    except click.exceptions.Exit:
        raise
    except Exception as exc:
        click.echo(failure_line(exc), err=True)
        raise click.exceptions.Exit(FAILURE) from None


def _show(conn: Connection, plan: Plan) -> None:
    if conn.out.is_json:
        conn.out.json(plan.as_dict())
    else:
        click.echo(str(plan))


@click.command("plan")
@click.option("-f", "--file", "path", required=True, type=click.Path(dir_okay=False),
              help=_FILE_HELP)
@click.option("--prune", is_flag=True, help=_PRUNE_HELP)
@global_options()
@pass_connection
def plan(conn: Connection, /, path: str, prune: bool) -> None:
    """Show what `apply` would change to make the cloud match the file; change nothing.

    Each action says why it is needed and whether sessions end. Exit codes (as
    `terraform plan -detailed-exitcode`): 0 no changes, 2 changes, 1 failure or a change
    the provider cannot make.
    """
    with _failures_exit_1():
        state = load_desired(path)
        result = conn.cloud().plan(state, prune=prune)
    _show(conn, result)
    if result.problems:
        raise click.exceptions.Exit(FAILURE)
    raise click.exceptions.Exit(CHANGES if result.changes else NO_CHANGES)


@click.command("apply")
@click.option("-f", "--file", "path", required=True, type=click.Path(dir_okay=False),
              help=_FILE_HELP)
@click.option("--prune", is_flag=True, help=_PRUNE_HELP)
@click.option("--yes", "-y", is_flag=True, help="Apply without asking (needed when stdin is "
              "not a terminal).")
@duration_option("--timeout", help="Give up each wait after this long (e.g. 20m).  "
                 "[default: each wait's own]")
@progress_option
@global_options()
@pass_connection
def apply(conn: Connection, /, path: str, prune: bool, yes: bool, timeout: float | None,
          progress: bool | None) -> None:
    """Make the cloud match the file: plan, show the plan, ask, apply.

    Idempotent (nothing to change: no call that changes anything) and resumable (after an
    interrupt or a failure, run it again). Exit codes: 0 done, 1 failure.
    """
    with _failures_exit_1():
        state = load_desired(path)
        cloud = conn.cloud()
        planned = cloud.plan(state, prune=prune)
        if not conn.out.is_json or not yes:
            click.echo(str(planned), err=conn.out.is_json)
        if planned.changes and not planned.problems and not yes:
            if not sys.stdin.isatty():
                raise CommandError("apply asks before changing anything: give --yes when "
                                   "stdin is not a terminal", ExitCode.BAD_INPUT)
            click.confirm(f"Apply {len(planned.actions)} action(s)?", abort=True, err=True)
        with Activity(f"applying {state.name}", total=len(planned.actions),
                      show=progress) as activity:
            step: Callable[[Action], None] = lambda a: activity.step(  # noqa: E731
                f"{a.kind.value} {a.resource} {a.name}")
            report = cloud.apply(planned, timeout=timeout, on_action=step)
    if conn.out.is_json:
        conn.out.json({"state": state.name, "changed": report.changed,
                       "done": [a.as_dict() for a in report.done]})
    else:
        click.echo(str(report))
