"""The emulator clock (real now by default, a fixed start on request, only finite jumps) and
the control API (numbers checked, a bearer token when asked for, loopback unless told)."""

from __future__ import annotations

import email.utils
import logging
from typing import Any

import pytest

from streamkit.cli import main
from streamkit.testing.core.clock import EmulatorClock
from streamkit.testing.emulator import Emulator
from tests.emulator.wire import Answer, RawConnection

FIXED = 1_767_225_600.0  # 2026-01-01T00:00:00Z


def control(emu: Emulator, route: str, body: bytes = b"{}", *,
            token: str | None = None) -> Answer:
    auth = f"Authorization: Bearer {token}\r\n" if token is not None else ""
    with RawConnection(emu) as conn:
        return conn.exchange(
            (f"POST /_streamkit/{route} HTTP/1.1\r\nHost: x\r\n{auth}"
             f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
            + body)


# -- the clock ----------------------------------------------------------------------------------

def test_clock_starts_at_the_servers_real_now_in_whole_seconds(emu: Emulator) -> None:
    answer = control(emu, "clock")  # the HTTP Date header is the server's real time
    served = email.utils.parsedate_to_datetime(answer.headers["date"]).timestamp()
    now = answer.json()["now"]
    assert now == int(now)
    assert abs(now - served) < 300  # months apart when the clock started at a fixed date


def test_a_fixed_start_gives_the_same_times_every_run() -> None:
    with Emulator(start=FIXED) as emu:
        assert emu.clock.now() == FIXED
        assert control(emu, "clock", b'{"advance": 90}').json() == {"now": FIXED + 90}
    assert EmulatorClock(FIXED).start == FIXED
    with pytest.raises(ValueError, match="clock or start"):
        Emulator(clock=EmulatorClock(FIXED), start=FIXED)


@pytest.mark.parametrize("advance", [b"NaN", b"Infinity", b"-Infinity", b"1e308", b"1e999",
                                     b"-1", b'"10"', b"true", b"null", b"9" * 400])
def test_clock_refuses_jumps_that_are_not_finite_sane_seconds(emu: Emulator,
                                                              advance: bytes) -> None:
    before = emu.clock.now()
    answer = control(emu, "clock", b'{"advance": ' + advance + b"}")
    assert answer.status == 400, answer
    assert emu.clock.now() == before
    assert control(emu, "clock", b'{"advance": 60}').json() == {"now": before + 60}


@pytest.mark.parametrize("seconds", [float("nan"), float("inf"), 1e308, -1.0, 10 ** 400])
def test_clock_advance_in_python_refuses_the_same(seconds: float) -> None:
    clock = EmulatorClock(FIXED)
    with pytest.raises(ValueError, match="finite"):
        clock.advance(seconds)
    assert clock.now() == FIXED


@pytest.mark.parametrize(("route", "field"), [("aws/timings", "fleet_start"),
                                              ("alibaba/timings", "group_deploy"),
                                              ("ec2/timings", "enable")])
@pytest.mark.parametrize("value", [b"NaN", b"Infinity", b"1e308", b"-5"])
def test_timings_refuse_numbers_that_are_not_finite_sane_seconds(
        emu: Emulator, route: str, field: str, value: bytes) -> None:
    before = control(emu, route).json()
    answer = control(emu, route, b'{"%s": %s}' % (field.encode(), value))
    assert answer.status == 400, answer
    assert control(emu, route).json() == before
    assert control(emu, route, b'{"%s": 5}' % field.encode()).json()[field] == 5


# -- the control API's door ---------------------------------------------------------------------

TOKEN = "control-token-for-tests"


@pytest.fixture(scope="module")
def guarded() -> Any:
    with Emulator(control_token=TOKEN) as emulator:
        yield emulator


@pytest.mark.parametrize("token", [None, "", "wrong", TOKEN + "x", TOKEN[:-1]])
def test_control_token_is_required_when_set(guarded: Emulator, token: str | None) -> None:
    before = guarded.clock.now()
    answer = control(guarded, "clock", b'{"advance": 60}', token=token)
    assert answer.status == 401, answer
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert TOKEN not in answer.body.decode()
    assert guarded.clock.now() == before


def test_the_right_token_opens_the_control_api(guarded: Emulator) -> None:
    before = guarded.clock.now()
    answer = control(guarded, "clock", b'{"advance": 60}', token=TOKEN)
    assert answer.json() == {"now": before + 60}
    assert guarded.info()["control_token_required"] is True
    assert TOKEN not in repr(guarded.info()) and TOKEN not in repr(guarded)


def test_non_loopback_host_without_a_token_refuses_to_start() -> None:
    with pytest.raises(ValueError, match="control_token"):
        Emulator(host="0.0.0.0")


def test_non_loopback_host_is_warned_about_without_the_token(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="streamkit.testing"), \
            Emulator(host="0.0.0.0", control_token=TOKEN) as emu:
        assert control(emu, "reset").status == 401
    warning = caplog.text
    assert "0.0.0.0" in warning and "control" in warning
    assert TOKEN not in warning


def test_command_refuses_a_non_loopback_host_without_a_token(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["emulator", "--host", "0.0.0.0"]) != 0
    err = capsys.readouterr().err
    assert "--control-token" in err
