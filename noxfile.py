"""Development tasks: ``nox -s tests``, ``lint``, ``typecheck``, ``docs``, ``demo``, ``bench``."""

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
def stress(session: nox.Session) -> None:
    """The reliability suite at full strength: 10,000 examples per resource type and more.

    The hypothesis profile comes from STREAMKIT_HYPOTHESIS_PROFILE (tests/reliability).
    """
    session.install("-e", ".[test]")
    session.run("pytest", "tests/reliability", "-p", "no:cacheprovider", *session.posargs,
                env={"STREAMKIT_HYPOTHESIS_PROFILE": "stress"})


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff>=0.5")
    session.run("ruff", "check", "streamkit", "tests", "bench", "examples", "noxfile.py",
                "dev.py", "docs")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict and pyright (strict) on the package and the typing tests."""
    session.install("-e", ".[all]", *TYPECHECK_DEPS)
    session.run("mypy", "--strict", "streamkit", "tests/typing")
    session.run("pyright", "--pythonpath", f"{session.bin}/python", "streamkit", "tests/typing")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site into site/ (``mkdocs build --strict``)."""
    session.install("-e", ".[docs]")
    session.run("mkdocs", "build", "--strict", *session.posargs)


@nox.session
def demo(session: nox.Session) -> None:
    """Tour streamkit against the built-in emulator."""
    session.install("-e", ".[all]")
    session.run("streamkit", "demo")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks: streamkit against the raw SDKs, botocore's waiter and moto, one table."""
    session.install("-e", ".[all]", "moto[server]>=5.0")
    session.run("python", "bench/run.py", *session.posargs)
