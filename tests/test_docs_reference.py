"""The API reference shows every public field and enum member (the site built once, ~20 s)."""

from __future__ import annotations

import enum
import re
from pathlib import Path

import attrs
import pytest

import streamkit

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = [getattr(streamkit, name) for name in streamkit.__all__]
ATTRS_CLASSES = [obj for obj in PUBLIC if isinstance(obj, type) and attrs.has(obj)]
ENUMS = [obj for obj in PUBLIC if isinstance(obj, type) and issubclass(obj, enum.Enum)]
# the next top-level object of the reference page (members' ids have a dot after the name)
TOP_LEVEL = re.compile(r'id="streamkit\.[A-Za-z_]+"')


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The HTML of the built reference page (``mkdocs build --strict``)."""
    pytest.importorskip("mkdocs", reason="the docs test needs the docs extra: "
                        "pip install -e '.[docs]'")
    pytest.importorskip("mkdocstrings_handlers.python", reason="needs mkdocstrings[python]")
    pytest.importorskip("griffe_fieldz", reason="needs griffe-fieldz")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    # only the reference page: the whole site is built (strict) by ``nox -s docs`` in CI
    docs = ROOT / "docs"
    others = sorted(f"/{page.relative_to(docs).as_posix()}" for page in docs.rglob("*.md")
                    if page != docs / "reference" / "index.md")
    site = tmp_path_factory.mktemp("site")
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site),
                         nav=[{"API reference": "reference/index.md"}],
                         exclude_docs="\n".join(["hooks.py", *others]))
    build(config)
    return (site / "reference" / "index.html").read_text(encoding="utf-8")


def _section(html: str, name: str) -> str:
    """The part of the page that documents ``streamkit.<name>``."""
    start = html.find(f'id="streamkit.{name}"')
    assert start >= 0, f"streamkit.{name} is not in the API reference"
    following = TOP_LEVEL.search(html, start + 1)
    return html[start:following.start() if following else len(html)]


def test_the_public_classes_are_found() -> None:
    assert {"FleetSpec", "Fleet", "Hooks", "CallRecord"} <= {c.__name__ for c in ATTRS_CLASSES}
    assert {"FleetState", "FleetType", "Provider"} <= {e.__name__ for e in ENUMS}


@pytest.mark.parametrize("cls", ATTRS_CLASSES, ids=lambda c: c.__name__)
def test_every_field_is_in_the_reference_with_its_type(reference: str, cls: type) -> None:
    section = _section(reference, cls.__name__)
    missing = [f.name for f in attrs.fields(cls) if f"<code>{f.name}</code>" not in section]
    assert not missing, f"{cls.__name__}: fields missing from the reference: {missing}"
    assert "Type" in section and "Default" in section  # the fields table, not a mention


@pytest.mark.parametrize("kind", ENUMS, ids=lambda e: e.__name__)
def test_every_enum_member_is_in_the_reference(reference: str, kind: type[enum.Enum]) -> None:
    section = _section(reference, kind.__name__)
    missing = [m for m in kind.__members__ if f'id="streamkit.{kind.__name__}.{m}"' not in section]
    assert not missing, f"{kind.__name__}: members missing from the reference: {missing}"


def test_the_site_is_searchable_for_a_field(reference: str) -> None:
    assert "<code>subnet_ids</code>" in _section(reference, "FleetSpec")
    assert "<code>on_call</code>" in _section(reference, "Hooks")
