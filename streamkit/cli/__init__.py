"""The ``streamkit`` command (the ``cli`` extra: click and rich).

``main(argv) -> int`` runs it; ``cli`` is the click group (tests use click's ``CliRunner``).

- :mod:`~streamkit.cli.app`: the root command, its global options, errors and exit codes.
- :mod:`~streamkit.cli.resources`: ``stacks``, ``fleets``, ... made from a table of the
  services' methods (a new method is a new row).
- :mod:`~streamkit.cli.waits`: ``wait``, one subcommand per row of ``streamkit.waiting.WAITS``.
- :mod:`~streamkit.cli.deploy`: ``deploy``, ``undeploy`` and ``capabilities``.
- :mod:`~streamkit.cli.inventory`: ``inventory``, one listing across regions.
- :mod:`~streamkit.cli.emulator`: ``emulator`` and ``demo``, which need no cloud.
- :mod:`~streamkit.cli.output`: what commands print, and the exit codes.
"""

from __future__ import annotations

import sys

try:
    import click  # noqa: F401  # pyright: ignore[reportUnusedImport]
    import rich  # noqa: F401  # pyright: ignore[reportUnusedImport]  (the extra's other half)
except ModuleNotFoundError as exc:  # pragma: no cover - depends on the installation
    sys.stderr.write(f"streamkit: the command needs the cli extra ({exc.name} is missing): "
                     "pip install 'streamkit[cli]'\n")
    raise SystemExit(2) from None

from streamkit.cli.app import cli, main

__all__ = ["cli", "main"]
