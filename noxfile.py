"""Development tasks: ``nox -s tests``, ``lint``, ``typecheck``, ``demo``, ``bench``."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.reuse_existing_virtualenvs = True

TYPECHECK_DEPS = [
    "mypy>=1.10", "pyright[nodejs]>=1.1.380", "boto3-stubs[appstream,sts,ec2]", "pytest>=8",
]


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite against the built-in emulator (no cloud account)."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff>=0.5")
    session.run("ruff", "check", "streamkit", "tests", "bench", "examples", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict and pyright (strict) on the package."""
    session.install("-e", ".[all]", *TYPECHECK_DEPS)
    session.run("mypy", "--strict", "streamkit")
    session.run("pyright", "--pythonpath", f"{session.bin}/python", "streamkit")


@nox.session
def demo(session: nox.Session) -> None:
    """Tour streamkit against the built-in emulator."""
    session.install("-e", ".[all]")
    session.run("streamkit", "demo")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks: streamkit against the raw SDKs, measured in the same run."""
    session.install("-e", ".[all]")
    session.run("python", "bench/per_call.py", *session.posargs)
