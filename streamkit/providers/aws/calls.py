"""The one way out for every boto3 call: retries, error translation and one DEBUG line.

The AppStream adapter and the EC2 client of fast launch both send through :class:`AwsCalls`.
botocore's own retries are off; :meth:`RetryPolicy.call` does the retrying, and errors are
translated once here by :mod:`streamkit.providers.aws.errors`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from botocore import xform_name
from botocore.exceptions import BotoCoreError, ClientError

from streamkit.clock import Clock
from streamkit.providers.aws.errors import from_botocore_error, from_client_error
from streamkit.retry import CallKind, RetryPolicy

__all__ = ["AwsCalls"]

log = logging.getLogger("streamkit")


class AwsCalls:
    """Sends API operations through one boto3 client under a :class:`RetryPolicy`."""

    __slots__ = ("_client", "_clock", "_retry")

    def __init__(self, client: Any, retry: RetryPolicy, clock: Clock) -> None:
        self._client = client
        self._retry = retry
        self._clock = clock

    def call(self, operation: str, kind: CallKind = CallKind.READ,
             reconcile: Callable[[], Any] | None = None, **params: Any) -> Any:
        """Call ``operation`` (the API name, e.g. ``"CreateStreamingURL"``) with ``params``.

        ``kind`` says what may be retried; ``reconcile`` finds the resource after an
        ambiguous CREATE (see :mod:`streamkit.retry`). Raises streamkit's errors.
        """
        # botocore caches xform_name: "CreateStreamingURL" -> "create_streaming_url"
        method = getattr(self._client, xform_name(operation))

        def once() -> Any:
            started = time.perf_counter()
            try:
                response = method(**params)
            except ClientError as exc:
                err = from_client_error(exc, operation)
                log.debug("aws %s failed: %s (%.1f ms, request id %s)", operation, err.code,
                          (time.perf_counter() - started) * 1000, err.request_id)
                raise err from exc
            except BotoCoreError as exc:
                raise from_botocore_error(exc, operation) from exc
            log.debug("aws %s ok (%.1f ms, request id %s)", operation,
                      (time.perf_counter() - started) * 1000,
                      response.get("ResponseMetadata", {}).get("RequestId"))
            return response

        return self._retry.call(once, operation=operation, kind=kind, clock=self._clock,
                                reconcile=reconcile)
