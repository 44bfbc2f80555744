"""Run nox sessions from a fresh checkout: ``python3 dev.py tests`` (or demo, lint, docs, ...).

Needs only Python 3.10+. nox goes into a virtual environment, ``.venv``, so this works
where ``pip install`` outside one is refused (PEP 668: Debian's and Ubuntu's system Python).
Where Python's ``ensurepip`` is left out (Debian without python3-venv), the environment
borrows the system's pip.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENV = HERE / ".venv"
PYTHON = ENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _has_pip(python: Path | str) -> bool:
    return subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True,
                          check=False).returncode == 0


def make_env() -> None:
    """Create ``.venv`` with pip in it, unless it is there already."""
    if PYTHON.exists() and _has_pip(PYTHON):
        return
    if importlib.util.find_spec("ensurepip") is not None:
        venv.create(ENV, clear=True, with_pip=True)
    elif _has_pip(sys.executable):
        venv.create(ENV, clear=True, system_site_packages=True)  # its pip: the system's
    else:
        sys.exit("dev.py: this Python has neither ensurepip nor pip; install one "
                 "(Debian/Ubuntu: apt install python3-venv) and run again")


def main(sessions: list[str]) -> int:
    """Install nox into ``.venv`` and run it with ``-s`` and the given sessions."""
    make_env()
    quiet = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "nox"], check=True, env=quiet)
    return subprocess.run([str(PYTHON), "-m", "nox", "-s", *(sessions or ["tests"])],
                          cwd=HERE, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
