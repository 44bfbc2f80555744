"""The files here are type-checked (``nox -s typecheck``), never run."""

collect_ignore_glob = ["*.py"]
