"""``streamkit wait <command>``: one subcommand per row of :data:`streamkit.waiting.WAITS`,
running the client's ``wait_until_*`` method with a progress display on stderr."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import TypeVar

import click

from streamkit.cli.connection import Connection, pass_connection
from streamkit.cli.options import (
    GLOBAL_EPILOG,
    duration_option,
    global_options,
    progress_option,
)
from streamkit.cli.output import WaitProgress
from streamkit.providers.alibaba.extensions import WAITS as ALIBABA_WAITS
from streamkit.waiting import WAITS, WaitSpec

__all__ = ["describe", "wait", "wait_with_progress"]

T = TypeVar("T")


def wait_with_progress(what: str, resource_id: str, show: bool | None,
                       wait: Callable[[WaitProgress], T]) -> T:
    """Run ``wait`` with a :class:`WaitProgress` as its ``on_progress``."""
    with WaitProgress(what, resource_id, show=show) as progress:
        return wait(progress)


def _either(states: Iterable[enum.Enum]) -> str:
    """``A, B or C``, in the enum's order."""
    names = [s.name for s in sorted(states, key=lambda s: list(type(s).__members__).index(s.name))]
    return " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def describe(spec: WaitSpec) -> str:
    """What ends the wait, in a sentence or three (the command's help)."""
    noun = spec.name.rsplit(" ", 1)[0]
    if spec.gone_is_success:
        return f"Wait until the {noun} no longer exists."
    text = f"Wait until the {noun} is {_either(spec.success)}."
    if spec.failure:
        text += f" {_either(spec.failure)} fails at once"
        with_errors = spec.errors_fail_in - spec.failure
        text += f", and so does {_either(with_errors)} with errors." if with_errors else "."
    if spec.grace:
        text += (f" {_either(spec.grace)} is tolerated for {spec.grace_seconds:.0f}s "
                 "(a start or stop may not show yet).")
    return text


@click.group(epilog=GLOBAL_EPILOG)
@global_options()
def wait() -> None:
    """Wait until a resource reaches a state (with progress on stderr on a terminal).

    Exits 0 with the resource printed, 5 when the timeout passes, 6 when the resource
    reaches a failure state, 3 when it does not exist.
    """


def _wait_command(spec: WaitSpec) -> click.Command:
    many = spec.batch_method is not None
    help = describe(spec)
    if many:
        help += "\n\nGive several ids to wait for them all, with one read per poll."

    @click.command(spec.command, help=help)
    @click.argument("resource_ids", nargs=-1 if many else 1, required=True,
                    metavar=spec.id_name.upper() + ("..." if many else ""))
    @duration_option("--timeout",
                     help=f"Give up after this long: 20m, 90s, 1h or seconds.  "
                          f"[default: {spec.timeout:.0f}s]")
    @progress_option
    @global_options()
    @pass_connection
    def command(conn: Connection, resource_ids: str | tuple[str, ...], timeout: float | None,
                progress: bool | None) -> None:
        ids = [resource_ids] if isinstance(resource_ids, str) else list(resource_ids)
        cloud = conn.cloud()
        if len(ids) > 1 and spec.batch_method is not None:
            wait_until_all = getattr(cloud, spec.batch_method)
            found = wait_with_progress(
                spec.name, ", ".join(ids), progress,
                lambda shown: wait_until_all(ids, timeout=timeout, on_progress=shown))
            conn.out.resources(found.values(), type(next(iter(found.values()))))
            return
        owner = getattr(cloud, spec.namespace) if spec.namespace else cloud
        wait_until = getattr(owner, spec.method)
        result = wait_with_progress(
            spec.name, ids[0], progress,
            lambda shown: wait_until(ids[0], timeout=timeout, on_progress=shown))
        if result is None:
            conn.out.done(f"wait {spec.command}", ids[0])
        else:
            conn.out.resource(result)

    return command


for _spec in (*WAITS, *ALIBABA_WAITS):
    wait.add_command(_wait_command(_spec))
