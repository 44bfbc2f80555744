"""``streamkit inventory RESOURCE -r R1 -r R2 ...``: one listing read in many regions at once
(:func:`streamkit.inventory`), each region's failure kept beside the others' results."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

import streamkit
from streamkit.cli.connection import Connection, pass_connection
from streamkit.cli.options import global_options, progress_option
from streamkit.cli.output import (
    Activity,
    CommandError,
    ExitCode,
    document,
    exit_code_for,
    failure_line,
)
from streamkit.cli.resources import RESOURCES, Prints, Resource

__all__ = ["INVENTORIED", "inventory"]

#: the resources whose listing takes no argument, by command name
INVENTORIED: Mapping[str, Resource] = {
    group.name: group for group in RESOURCES
    if any(v.name == "list" and v.prints is Prints.LISTING and not v.params
           for v in group.verbs)
}


def _error(exc: BaseException) -> dict[str, Any]:
    """A region's failure: its exit code and the line ``streamkit`` would print for it."""
    return {"exit_code": int(exit_code_for(exc)),
            "message": failure_line(exc).removeprefix("streamkit: ")}


@click.command()
@click.argument("resource", type=click.Choice(list(INVENTORIED)))
@click.option("-r", "--region", "regions", multiple=True,
              help="A region to read (repeatable).  [default: the global --region]")
@progress_option
@global_options(without=("region",))
@pass_connection
def inventory(conn: Connection, resource: str, regions: tuple[str, ...],
              progress: bool | None) -> None:
    """List a resource in several regions at once.

    `streamkit -p aws inventory fleets -r us-east-1 -r eu-west-1`. Prints every region's
    items (JSON: {"results": {REGION: [...]}, "errors": {REGION: {"exit_code", "message"}}}).
    A region that fails does not stop the others: its error is printed (and a line on
    stderr), and the command exits with the first failed region's exit code.
    """
    group = INVENTORIED[resource]
    wanted = list(dict.fromkeys(regions)) or ([conn.region] if conn.region else [])
    if not wanted:
        raise CommandError("give at least one --region", ExitCode.BAD_INPUT)
    clouds: dict[str, streamkit.StreamingCloud] = {}
    errors: dict[str, BaseException] = {}
    for region in wanted:
        try:
            clouds[region] = conn.connect(region)
        except (streamkit.StreamkitError, CommandError) as exc:
            errors[region] = exc
    with Activity(f"{resource} in {', '.join(wanted)}", total=len(wanted),
                  show=progress) as activity:
        for region in errors:
            activity.step(f"{region} failed")

        def read(cloud: streamkit.StreamingCloud) -> list[Any]:
            try:
                return list(group.of(cloud).list())
            finally:
                activity.step(cloud.region)

        found = streamkit.inventory(clouds, read)
    errors.update(found.errors)
    results = {region: found.results[region] for region in wanted if region in found.results}
    failed = {region: errors[region] for region in wanted if region in errors}
    out = conn.out
    if out.is_json:
        out.json({"results": {r: [document(item) for item in items]
                              for r, items in results.items()},
                  "errors": {r: _error(error) for r, error in failed.items()}})
    else:
        out.regional(results, group.model)
    for region, error in failed.items():
        click.echo(f"streamkit: {region}: {_error(error)['message']}", err=True)
    if failed:
        click.get_current_context().exit(int(exit_code_for(next(iter(failed.values())))))

