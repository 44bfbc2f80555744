"""``streamkit deploy``, ``undeploy`` and ``capabilities``: the commands about the whole cloud."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

import click

import streamkit
from streamkit import waiting
from streamkit.cli.connection import Connection, pass_connection
from streamkit.cli.options import (
    duration_option,
    global_options,
    progress_option,
    tags_option,
)
from streamkit.cli.output import Activity
from streamkit.cli.specs import fleet_spec, fleet_spec_options
from streamkit.cli.waits import wait_with_progress
from streamkit.models import Deployment, Fleet
from streamkit.specs import DeploymentSpec, StackSpec

__all__ = ["call", "capabilities", "deploy", "undeploy"]


def _fleet_options(f: Any) -> Any:
    for option in reversed(fleet_spec_options()):
        f = option(f)
    return f


@click.command()
@click.option("--stack", "stack_name", required=True, help="The stack's name.")
@click.option("--fleet", "fleet_name", required=True, help="The fleet's name.")
@click.option("--stack-display-name", help="Stack name shown to users.")
@click.option("--stack-description", help="Stack description.")
@_fleet_options
@tags_option("A tag on the stack and the fleet (repeatable).")
@click.option("--wait", is_flag=True, help="Wait until the fleet is RUNNING (exit codes as for "
              "`streamkit wait`; the stack and fleet are printed either way).")
@duration_option("--timeout", help="With --wait: give up after this long "
                 f"(e.g. 20m).  [default: {waiting.FLEET_RUNNING.timeout:.0f}s]")
@progress_option
@global_options()
@pass_connection
def deploy(conn: Connection, /, stack_name: str, fleet_name: str,
           stack_display_name: str | None, stack_description: str | None,
           tags: dict[str, str], wait: bool, timeout: float | None, progress: bool | None,
           **options: Any) -> None:
    """Create a stack and the fleet that serves it, and start the fleet.

    On AWS: CreateStack, CreateFleet, AssociateFleet, StartFleet (undone if a step
    fails). On Alibaba: one delivery group. Prints the stack and the fleet; the fleet's id
    is what `streamkit wait fleet-running` takes.
    """
    spec = DeploymentSpec(
        stack=StackSpec(name=stack_name, display_name=stack_display_name,
                        description=stack_description, tags=tags),
        fleet=fleet_spec(name=fleet_name, tags=tags, **options))
    cloud = conn.cloud()
    with Activity(f"deploying stack {stack_name} and fleet {fleet_name}",
                  show=progress) as activity:
        deployment = cloud.deploy(spec)
        activity.step(f"fleet {deployment.fleet.id} {deployment.fleet.state.value}")
    if wait:
        try:
            fleet = wait_with_progress(
                waiting.FLEET_RUNNING.name, deployment.fleet.id, progress,
                lambda shown: cloud.wait_until_fleet_running(
                    deployment.fleet.id, timeout=timeout, on_progress=shown))
        except streamkit.WaiterError as exc:
            # the stack and fleet exist: print them (with the fleet as last seen) before the
            # error, so a script still learns their ids
            last = exc.resource if isinstance(exc.resource, Fleet) else deployment.fleet
            conn.out.resource(Deployment(stack=deployment.stack, fleet=last))
            raise
        deployment = Deployment(stack=deployment.stack, fleet=fleet)
    conn.out.resource(deployment)


@click.command()
@click.argument("stack_id")
@duration_option("--timeout", help="Give up waiting after this long, all waits together "
                 "(e.g. 30m).  [default: each wait's own]")
@progress_option
@global_options()
@pass_connection
def undeploy(conn: Connection, /, stack_id: str, timeout: float | None,
             progress: bool | None) -> None:
    """Remove a stack and its fleets: the reverse of `deploy`, waiting until they are gone.

    On AWS: stop each fleet of the stack, wait until it is STOPPED, disassociate and delete
    it; then delete the stack. On Alibaba: delete the delivery group. What is gone already
    is skipped, so running it twice is no error. Exit codes as for `streamkit wait`.
    """
    cloud = conn.cloud()
    wait_with_progress("undeploy", stack_id, progress,
                       lambda shown: cloud.undeploy(stack_id, timeout=timeout,
                                                    on_progress=shown))
    conn.out.done("undeploy", stack_id)


@click.command()
@global_options()
@pass_connection
def capabilities(conn: Connection) -> None:
    """What the provider can do natively, and the portable way for what it cannot."""
    cloud = conn.cloud()
    rows = [(c.value, "yes" if c in cloud.capabilities else f"no: {cloud.hints.get(c, '')}")
            for c in streamkit.Capability]
    if conn.out.is_json:
        conn.out.json({"provider": cloud.provider.value,
                       "capabilities": sorted(c.value for c in cloud.capabilities),
                       "hints": {c.value: hint for c, hint in cloud.hints.items()}})
    else:
        conn.out.mapping_table(("CAPABILITY", "SUPPORTED"), rows)


def _params(ctx: click.Context, param: click.Parameter, value: str | None) -> dict[str, Any]:
    if value is None:
        return {}
    try:
        params = json.loads(value)
    except ValueError as exc:
        raise click.BadParameter(f"is not JSON ({exc})", ctx, param) from None
    if not isinstance(params, dict):
        raise click.BadParameter("must be a JSON object of parameter names to values", ctx,
                                 param)
    return params


@click.command("call")
@click.argument("operation")
@click.option("--params", "params", callback=_params, metavar="JSON",
              help='The parameters as a JSON object, named as the API names them '
                   '(e.g. \'{"Names": ["web"]}\').')
@global_options()
@pass_connection
def call(conn: Connection, /, operation: str, params: dict[str, Any]) -> None:
    """Send any operation of the provider's API and print its answer as JSON.

    For what streamkit does not model yet (cloud.call): retries, error mapping and exit
    codes as for every command. OPERATION is the API's name, e.g. DescribeUsers.
    """
    answer = conn.cloud().call(operation, params)
    # botocore reads timestamps into datetimes: print them as ISO 8601, like every command
    conn.out.json(json.loads(json.dumps(answer, default=_iso)))


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    raise TypeError(f"{type(value).__name__} is not JSON")
