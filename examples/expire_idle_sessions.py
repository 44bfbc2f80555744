"""End the sessions nobody is connected to, on every stack (or the ones named).

A session whose user closed the client keeps its instance until it times out; expiring it
frees the instance now. ``--dry-run`` lists them without expiring anything.

    python examples/expire_idle_sessions.py aws us-east-1 --dry-run
    python examples/expire_idle_sessions.py alibaba cn-shanghai aig-...

``run`` is what the tests call against the emulator.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterable

import streamkit
from streamkit import ConnectionState, SessionState


def idle_sessions(cloud: streamkit.StreamingCloud,
                  stack_ids: Iterable[str] | None = None) -> list[streamkit.Session]:
    """ACTIVE sessions whose user is not connected, across the stacks."""
    stacks = list(stack_ids) if stack_ids is not None else [s.id for s in cloud.stacks.list()]
    return [session
            for stack_id in stacks
            for session in cloud.sessions.list(stack_id)
            if session.state is SessionState.ACTIVE
            and session.connection is ConnectionState.NOT_CONNECTED]


def run(cloud: streamkit.StreamingCloud, stack_ids: Iterable[str] | None = None, *,
        dry_run: bool = False) -> list[streamkit.Session]:
    """Expire (or with ``dry_run`` only list) the idle sessions; the ones found."""
    found = idle_sessions(cloud, stack_ids)
    for session in found:
        verb = "would expire" if dry_run else "expiring"
        print(f"{verb} {session.id}: {session.user_id} on {session.stack_id}, "
              f"started {session.started_at or 'at an unknown time'}")
        if not dry_run:
            with contextlib.suppress(streamkit.NotFound):  # it may have ended meanwhile
                cloud.sessions.expire(session)
    print(f"{len(found)} idle session(s)")
    return found


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("provider")
    parser.add_argument("region")
    parser.add_argument("stack_ids", nargs="*", help="default: every stack")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    run(streamkit.connect(args.provider, region=args.region), args.stack_ids or None,
        dry_run=args.dry_run)
