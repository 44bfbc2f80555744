"""Declarative deployments: a desired state, planned against the cloud and applied.

:func:`load_desired` reads a state from a file; ``cloud.plan(state)`` diffs it with the live
state; ``cloud.apply(state)`` makes the cloud match it.
"""

from streamkit.declarative.apply import ApplyReport
from streamkit.declarative.load import load_desired, parse_desired
from streamkit.declarative.plan import Action, Change, Plan, Problem
from streamkit.declarative.rules import How
from streamkit.declarative.spec import MARK_TAG, DesiredDeployment, DesiredState

__all__ = ["MARK_TAG", "Action", "ApplyReport", "Change", "DesiredDeployment", "DesiredState",
           "How", "Plan", "Problem", "load_desired", "parse_desired"]
