"""The cloud calls the docs show for a public operation are the calls it makes."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import attrs

import streamkit
from streamkit import Capability
from streamkit.client import DEPLOY_STEPS
from tests.harness import Harness


def declared_calls(provider: str) -> dict[str, list[str]]:
    """Public operation -> cloud operations, as the provider declares them."""
    module = importlib.import_module(f"streamkit.providers.{provider}.operations")
    found: dict[str, list[str]] = {}
    operations: Mapping[str, Any] = module.OPERATIONS
    for operation in operations.values():
        for name in operation.used_by:
            found.setdefault(name, []).append(operation.name)
    return found


def test_deploy_makes_the_calls_the_docs_show(harness: Harness) -> None:
    sent: list[str] = []
    cloud = harness.connect(hooks=streamkit.Hooks(on_call=lambda r: sent.append(r.operation)))
    spec = harness.deployment_spec("declared")
    tagged = {"team": "docs"}  # tags may take a call of their own
    cloud.deploy(attrs.evolve(spec, stack=attrs.evolve(spec.stack, tags=tagged),
                              fleet=attrs.evolve(spec.fleet, tags=tagged)))
    declared = declared_calls(harness.provider)
    if Capability.NATIVE_DEPLOY in cloud.capabilities:
        expected = declared["deploy"]
    else:  # the steps, then one describe of the fleet (deploy knows the stack it serves)
        expected = [op for step in DEPLOY_STEPS for op in declared[step]]
        expected += declared["fleets.get"][:1]
    assert list(dict.fromkeys(sent)) == list(dict.fromkeys(expected))
