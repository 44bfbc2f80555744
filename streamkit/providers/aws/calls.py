"""The one way out for every boto3 call: retries, error translation and one DEBUG line.

The AppStream adapter and the EC2 client of fast launch both send through :class:`AwsCalls`.
botocore's own retries are off; :meth:`RetryPolicy.call` does the retrying, and errors are
translated once here by :mod:`streamkit.providers.aws.errors`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from botocore import xform_name
from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

from streamkit.hooks import CallContext
from streamkit.providers.aws.errors import from_botocore_error, from_client_error
from streamkit.retry import CallKind

__all__ = ["AwsCalls"]


class AwsCalls:
    """Sends API operations through one boto3 client in one :class:`CallContext`."""

    __slots__ = ("_client", "_context")

    def __init__(self, client: Any, context: CallContext) -> None:
        self._client = client
        self._context = context
        client.meta.events.register("before-parse", _refuse_broken_json)

    def call(self, operation: str, kind: CallKind = CallKind.READ,
             reconcile: Callable[[], Any] | None = None, **params: Any) -> Any:
        """Call ``operation`` (the API name, e.g. ``"CreateStreamingURL"``) with ``params``.

        ``kind`` says what may be retried; ``reconcile`` finds the resource after an
        ambiguous CREATE (see :mod:`streamkit.retry`). Raises streamkit's errors.
        """
        # botocore caches xform_name: "CreateStreamingURL" -> "create_streaming_url"
        method = getattr(self._client, xform_name(operation))
        context = self._context

        def once(attempt: int) -> Any:
            started = time.perf_counter()
            try:
                response = method(**params)
            except ClientError as exc:
                err = from_client_error(exc, operation)
                context.record(operation, attempt, started, err.request_id, err.code)
                raise err from exc
            except (BotoCoreError, ResponseParserError) as exc:
                err = from_botocore_error(exc, operation)
                context.record(operation, attempt, started, None, err.code)
                raise err from exc
            context.record(operation, attempt, started,
                           response.get("ResponseMetadata", {}).get("RequestId"))
            return response

        return context.run(operation, kind, reconcile, once)


def _refuse_broken_json(response_dict: Any, operation_model: Any, **_: Any) -> None:
    """botocore reads a 2xx JSON body it cannot parse as an empty answer; make it an error.

    (A cut or garbled body would otherwise come back as "no fleets", silently.)
    """
    service = operation_model.service_model
    if response_dict.get("status_code", 500) >= 300 or getattr(
            service, "resolved_protocol", service.metadata.get("protocol")) != "json":
        return
    body = response_dict.get("body") or b"{}"
    try:
        ok = isinstance(json.loads(body), dict)
    except ValueError:
        ok = False
    if not ok:
        raise ResponseParserError("the response body is not a JSON object")
