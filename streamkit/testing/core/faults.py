"""Fault injection: the emulator misbehaving the way real clouds and networks do.

Rules are kept by :class:`Faults` (``emu.faults``); the server consults them before a request
reaches its simulated cloud, so every backend gets the same faults. A rule picks requests by
cloud (``provider``: the backend name ``"aws"``, ``"ec2"`` or ``"alibaba"``; ``None`` for
all) and by ``operation`` (the X-Amz-Target operation, the EC2 ``Action``, the Alibaba
``x-acs-action``; ``None`` for all), fires with probability ``rate`` from its own seeded
random stream (so runs repeat), at most ``count`` times (``None``: until cleared). Rules are
tried in the order they were added; the first that fires decides.

=============== ===========================================================================
kind            what the client sees
=============== ===========================================================================
``throttle``    the cloud's throttling error: AWS ``ThrottlingException`` 400 (pass
                ``code="RequestLimitExceededException"`` for the other one), EC2
                ``RequestLimitExceeded`` 503, Alibaba ``Throttling.User`` 400 with an
                ``x-acs-retry-after`` header (``retry_after_ms``, default 100)
``server_error`` HTTP 500: AWS ``InternalFailure``, EC2 ``InternalError``, Alibaba
                ``InternalError``
``unavailable`` HTTP 503: AWS and Alibaba ``ServiceUnavailable``, EC2 ``Unavailable``
``error``       any error: ``code`` (required) and ``status`` (default 400)
``drop_before`` the connection closes unanswered; the cloud never saw the request
``drop_after``  the cloud carries the request out, then the connection closes unanswered
``slow``        the cloud carries the request out; the answer leaves after ``delay`` real
                seconds (set the client's timeout below it to see a read timeout)
``malformed``   the cloud carries the request out; the answer is HTTP 200 with its body cut
                in half (a body no SDK can parse)
``body``        the cloud carries the request out; the answer is HTTP 200 with ``body`` (a
                text, sent as is: a JSON answer the cloud might send one day)
=============== ===========================================================================

``code``, ``status`` and ``message`` override what an error kind sends. From Python::

    rule = emu.faults.add(provider="aws", operation="DescribeFleets", kind="throttle",
                          rate=0.2, seed=7)
    emu.faults.add(kind="drop_after", operation="CreateStack", count=1)
    emu.faults.requests[("aws", "DescribeFleets")]   # requests seen while rules are set
    rule.fired                                        # how often this rule fired
    emu.faults.clear()

Over HTTP (JSON; a rule is an object with the keyword arguments of :meth:`Faults.add`):

* ``POST /_streamkit/faults`` with a rule, a list of rules or ``{"rules": [...]}``
  -> ``{"added": n, "rules": [rule, ...]}`` (every rule now set, with ``fired``)
* ``GET /_streamkit/faults`` -> ``{"rules": [...], "requests": [{"provider",
  "operation", "count"}, ...]}``
* ``POST /_streamkit/faults/clear`` with ``{}`` or ``{"provider": "aws"}`` -> ``{"cleared": n}``

Requests are counted only while a rule is set or :attr:`Faults.counting` is true, so the
server does no extra work when no fault is wanted. Emulator resets clear everything.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal, get_args

import attrs

__all__ = ["APPLIED_KINDS", "ERROR_KINDS", "FaultKind", "FaultRule", "Faults"]

FaultKind = Literal["throttle", "server_error", "unavailable", "error", "drop_before",
                    "drop_after", "slow", "malformed", "body"]
KINDS: Final = frozenset(get_args(FaultKind))
#: kinds answered with an error body that the backend renders
ERROR_KINDS: Final = frozenset({"throttle", "server_error", "unavailable", "error"})
#: kinds for which the cloud carries the request out before the fault shows
APPLIED_KINDS: Final = frozenset({"drop_after", "slow", "malformed", "body"})
THROTTLE_RETRY_AFTER_MS: Final = 100
MAX_DELAY: Final = 30.0
_FIELDS: Final = ("provider", "operation", "kind", "rate", "count", "seed", "code", "status",
                  "message", "retry_after_ms", "delay", "body")


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise ValueError(message)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@attrs.define(kw_only=True, eq=False)
class FaultRule:
    """One fault: which requests it hits, how often, and what they get instead."""

    kind: FaultKind
    provider: str | None = None
    operation: str | None = None
    rate: float = 1.0
    count: int | None = None
    seed: int | str | None = None
    code: str | None = None
    status: int | None = None
    message: str | None = None
    retry_after_ms: int | None = None
    delay: float = 1.0
    body: str | None = None
    #: how many requests this rule has hit so far
    fired: int = attrs.field(default=0, init=False)
    _rng: random.Random = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        self._validate()
        self._rng = random.Random(self.seed)

    def _validate(self) -> None:
        _check(self.kind in KINDS, f"kind must be one of {', '.join(sorted(KINDS))}")
        for name in ("provider", "operation", "code", "message"):
            value = getattr(self, name)
            _check(value is None or (isinstance(value, str) and bool(value)),
                   f"{name} must be a non-empty string or null")
        _check(isinstance(self.rate, (int, float)) and not isinstance(self.rate, bool)
               and 0.0 <= self.rate <= 1.0, "rate must be a number from 0 to 1")
        _check(self.count is None or (_is_int(self.count) and self.count >= 1),
               "count must be an integer >= 1, or null for 'until cleared'")
        _check(self.seed is None or _is_int(self.seed) or isinstance(self.seed, str),
               "seed must be an integer or a string")
        _check(self.status is None or (_is_int(self.status) and 400 <= self.status <= 599),
               "status must be an HTTP error status (400-599)")
        _check(self.retry_after_ms is None or (_is_int(self.retry_after_ms)
                                               and self.retry_after_ms >= 0),
               "retry_after_ms must be an integer >= 0")
        _check(isinstance(self.delay, (int, float)) and not isinstance(self.delay, bool)
               and 0.0 <= self.delay <= MAX_DELAY, f"delay must be 0-{MAX_DELAY:g} seconds")
        _check(self.kind != "error" or self.code is not None, "kind 'error' needs a code")
        _check((self.kind == "body") == isinstance(self.body, str),
               "kind 'body' needs a body (a text), and only it takes one")

    def fires(self, provider: str, operation: str) -> bool:
        """Whether this rule is for the request and its dice say it hits this time."""
        return ((self.provider is None or self.provider == provider)
                and (self.operation is None or self.operation == operation)
                and (self.rate >= 1.0 or self._rng.random() < self.rate))

    def as_dict(self) -> dict[str, Any]:
        """The rule as JSON-ready data (what the HTTP control API shows)."""
        return {**{name: getattr(self, name) for name in _FIELDS}, "fired": self.fired}


class Faults:
    """The emulator's fault rules, their random streams and what they have seen. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._added = 0  # numbers the default seeds, so two rules never share a stream
        #: requests seen per (provider, operation) while rules are set or ``counting`` is on
        self.requests: Counter[tuple[str, str]] = Counter()
        #: count requests even while no rule is set
        self.counting = False

    @property
    def active(self) -> bool:
        """Whether the server must consult :meth:`draw` (a rule is set, or counting is on)."""
        return self.counting or bool(self._rules)

    @property
    def rules(self) -> list[FaultRule]:
        """The rules now set, in the order they are tried."""
        with self._lock:
            return list(self._rules)

    def add(self, kind: FaultKind | str, *, provider: str | None = None,
            operation: str | None = None, rate: float = 1.0, count: int | None = None,
            seed: int | str | None = None, code: str | None = None, status: int | None = None,
            message: str | None = None, retry_after_ms: int | None = None,
            delay: float = 1.0, body: str | None = None) -> FaultRule:
        """Set a rule (see the module docstring); returns it. Bad values raise ValueError."""
        if kind == "throttle" and retry_after_ms is None:
            retry_after_ms = THROTTLE_RETRY_AFTER_MS
        with self._lock:
            self._added += 1
            if seed is None:
                seed = f"{provider}/{operation}/{kind}/{self._added}"
            rule = FaultRule(kind=kind, provider=provider, operation=operation,  # type: ignore[arg-type]
                             rate=rate, count=count, seed=seed, code=code, status=status,
                             message=message, retry_after_ms=retry_after_ms, delay=delay,
                             body=body)
            self._rules.append(rule)
            return rule

    def add_json(self, payload: object) -> list[FaultRule]:
        """Set the rules of a control request: a rule, a list, or ``{"rules": [...]}``."""
        if isinstance(payload, Mapping) and set(payload) == {"rules"}:
            payload = payload["rules"]
        items: Iterable[object] = payload if isinstance(payload, list) else [payload]
        checked: list[dict[str, Any]] = []
        for item in items:
            _check(isinstance(item, Mapping), "a fault rule must be a JSON object")
            assert isinstance(item, Mapping)
            unknown = set(item) - set(_FIELDS)
            _check(not unknown, f"unknown fault field(s) {sorted(unknown)}; known: "
                   f"{', '.join(_FIELDS)}")
            _check("kind" in item, "a fault rule needs a kind")
            checked.append(dict(item))
        for item in checked:  # validate them all before setting any
            FaultRule(**item)
        return [self.add(**item) for item in checked]

    def clear(self, provider: str | None = None) -> int:
        """Remove the rules (of one provider, or all); returns how many there were.

        Clearing all of them also forgets the request counts.
        """
        with self._lock:
            keep = [r for r in self._rules if provider is not None and r.provider != provider]
            cleared = len(self._rules) - len(keep)
            self._rules = keep
            if provider is None:
                self.requests.clear()
            return cleared

    def reset(self) -> None:
        """What an emulator reset does: no rules, no counts, counting off."""
        self.clear()
        self.counting = False

    def draw(self, provider: str, operation: str) -> FaultRule | None:
        """Count the request and return the rule that fires for it, if one does."""
        with self._lock:
            self.requests[(provider, operation)] += 1
            for rule in self._rules:
                if not rule.fires(provider, operation):
                    continue
                rule.fired += 1
                if rule.count is not None and rule.fired >= rule.count:
                    self._rules.remove(rule)
                return rule
            return None

    def seen(self, provider: str | None = None, operation: str | None = None) -> int:
        """Requests counted for this provider and operation (``None``: any)."""
        with self._lock:
            return sum(n for (p, o), n in self.requests.items()
                       if provider in (None, p) and operation in (None, o))

    def status(self) -> dict[str, Any]:
        """What ``GET /_streamkit/faults`` answers."""
        with self._lock:
            return {"rules": [r.as_dict() for r in self._rules],
                    "requests": [{"provider": p, "operation": o, "count": n}
                                 for (p, o), n in sorted(self.requests.items())]}

    def __repr__(self) -> str:
        return f"streamkit.testing.core.faults.Faults(rules={len(self._rules)})"
