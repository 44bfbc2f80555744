"""``Ec2Cloud``: the slice of EC2 the emulator simulates (Windows fast launch), query protocol."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from streamkit.testing.core.clock import EmulatorClock
from streamkit.testing.core.server import Request, Response
from streamkit.testing.core.service import ServiceError
from streamkit.testing.ec2.controls import DEFAULT_REGION, Ec2Controls
from streamkit.testing.ec2.errors import Ec2Error
from streamkit.testing.ec2.operations import OPERATIONS, Ec2Call
from streamkit.testing.ec2.protocol import (
    Form,
    error_response,
    form_of,
    success_response,
    verify_signature,
)
from streamkit.testing.ec2.settings import Ec2Timings
from streamkit.testing.ec2.state import Ec2State

__all__ = ["DEFAULT_REGION", "Ec2Cloud"]


class Ec2Cloud(Ec2Controls):
    """Simulated EC2 fast launch: DescribeFastLaunchImages, EnableFastLaunch, DisableFastLaunch.

    It shares the emulator's port with AppStream (EC2 requests are the form-encoded ones with
    ``Action`` and ``Version``) and checks SigV4 with credential scope service ``ec2``. Each
    region starts with two Windows AMIs and one Linux AMI (:data:`~.state.SEED_IMAGES`);
    fast launch states move on ``clock``, applied lazily before each request.
    """

    name = "ec2"
    fault_codes: Mapping[str, tuple[str, int]] = {
        "throttle": ("RequestLimitExceeded", 503),
        "server_error": ("InternalError", 500),
        "unavailable": ("Unavailable", 503),
    }

    def __init__(self, clock: EmulatorClock, *, access_key_id: str, secret_access_key: str,
                 timings: Ec2Timings | None = None) -> None:
        self._secrets = {access_key_id: secret_access_key}
        self._initial = timings or Ec2Timings()
        super().__init__(clock)

    def new_state(self) -> Ec2State:
        return Ec2State(self.clock, self.tokens, self._initial)

    def accepts(self, request: Request) -> bool:
        """EC2 query requests: form-encoded POSTs with ``Action`` and ``Version``."""
        return form_of(request) is not None

    def operation_of(self, request: Request) -> str:
        """The form's ``Action``."""
        return (form_of(request) or {}).get("Action", "")

    def serve(self, request: Request) -> Response:
        form = form_of(request) or {}
        region = verify_signature(request, self._secrets, self.clock)
        action = form.get("Action", "")
        handler = OPERATIONS.get(action)
        if handler is None:
            raise Ec2Error("InvalidAction", f"The action {action} is not valid for this "
                           "web service.")
        if action in self.state.denied:  # IAM decides before the action looks at anything
            raise Ec2Error("UnauthorizedOperation", "You are not authorized to perform this "
                           "operation.")
        now = self.catch_up()
        answer = handler(Ec2Call(action, Form(form), self.state, now, region))
        return success_response(action, answer, str(uuid.uuid4()))

    def refuse(self, error: ServiceError, request: Request | None) -> Response:
        """EC2's error XML with the error's status; EC2 sends no retry hint."""
        return error_response(error, str(uuid.uuid4()))

    def __repr__(self) -> str:
        return f"Ec2Cloud(regions={sorted(self.state.regions)}, clock={self.clock!r})"
