"""HTTP/1.1 on the emulator's one port: chunked bodies, many clients at once, refused framing
that carries nothing out, capped bodies and JSON depth, idle connections closed, and every
answer framed so a kept-alive connection keeps working."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import urllib.parse
from collections.abc import Callable, Iterator

import boto3
import botocore.config
import pytest

from streamkit.testing.emulator import Emulator
from tests.emulator.wire import (
    Answer,
    RawConnection,
    acs3_headers,
    appstream_headers,
    chunked,
    head,
)

STACK = json.dumps({"Name": "framed"}).encode()


def stack_names(emu: Emulator) -> list[str]:
    creds = emu.credentials["aws"]
    client = boto3.session.Session().client(
        "appstream", region_name="us-east-1", endpoint_url=emu.aws_endpoint,
        aws_access_key_id=creds["access_key_id"],
        aws_secret_access_key=creds["secret_access_key"],
        config=botocore.config.Config(retries={"total_max_attempts": 1}))
    return [s["Name"] for s in client.describe_stacks()["Stacks"]]


def framed(answer: Answer) -> Answer:
    """The answer carried its own length (so the connection can be reused or closed cleanly)."""
    assert answer.headers.get("content-length") == str(len(answer.body)), answer
    return answer


def create_stack(emu: Emulator, *, length: int | None = None,
                 extra: tuple[tuple[str, str], ...] = ()) -> bytes:
    return head(appstream_headers(emu, "CreateStack", STACK), length=length, extra=extra)


def describe(emu: Emulator) -> bytes:
    body = b"{}"
    return head(appstream_headers(emu, "DescribeStacks", body), length=len(body)) + body


# -- chunked bodies -----------------------------------------------------------------------------

def test_chunked_json_body_is_carried_out_and_the_connection_stays_usable(emu: Emulator) -> None:
    with RawConnection(emu) as conn:
        sent = create_stack(emu, extra=(("Transfer-Encoding", "chunked"),)) + chunked(STACK)
        created = framed(conn.exchange(sent))
        assert created.status == 200, created
        assert created.json()["Stack"]["Name"] == "framed"
        listed = framed(conn.exchange(describe(emu)))
    assert listed.status == 200 and [s["Name"] for s in listed.json()["Stacks"]] == ["framed"]


def test_chunked_form_body_reaches_alibaba_on_the_same_port(emu: Emulator) -> None:
    form = urllib.parse.urlencode({"ProductType": "CloudApp", "ImageType": "System"}).encode()
    conn = http.client.HTTPConnection(emu.host, emu.port, timeout=10)
    try:
        for _ in range(2):  # the second call proves the first left the connection clean
            conn.request("POST", "/", body=iter([form[:5], form[5:]]), encode_chunked=True,
                         headers=acs3_headers(emu, "ListImage", form))
            answer = framed(Answer(conn.getresponse()))
            assert answer.status == 200, answer
            assert answer.json()["Count"] > 0, answer
    finally:
        conn.close()


# -- many clients at once -----------------------------------------------------------------------

def test_two_hundred_simultaneous_signed_requests_get_no_reset(emu: Emulator) -> None:
    clients = 200
    requests = [describe(emu) for _ in range(clients)]
    start = threading.Barrier(clients)
    statuses: list[int] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def call(raw: bytes) -> None:
        start.wait()
        try:
            with RawConnection(emu) as conn:
                status = conn.exchange(raw).status
            with lock:
                statuses.append(status)
        except OSError as exc:
            with lock:
                failures.append(exc)

    threads = [threading.Thread(target=call, args=(raw,)) for raw in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    resets = [f for f in failures if isinstance(f, ConnectionResetError)]
    print(f"\n{clients} simultaneous clients: {statuses.count(200)} served, "
          f"{len(resets)} resets, {len(failures)} failures")
    assert (len(resets), failures) == (0, [])
    assert statuses == [200] * clients


# -- framing the emulator refuses (and carries nothing out) -------------------------------------

def _non_numeric(emu: Emulator) -> bytes:
    return create_stack(emu, extra=(("Content-Length", "twelve"),)) + STACK


def _negative(emu: Emulator) -> bytes:
    return create_stack(emu, extra=(("Content-Length", "-5"),)) + STACK


def _conflicting(emu: Emulator) -> bytes:
    return create_stack(emu, extra=(("Content-Length", str(len(STACK))),
                                    ("Content-Length", str(len(STACK) + 1)))) + STACK


def _hundred_gigabytes(emu: Emulator) -> bytes:
    return create_stack(emu, length=100 * 1024 ** 3) + STACK


def _length_and_chunked(emu: Emulator) -> bytes:
    return create_stack(emu, length=len(STACK),
                        extra=(("Transfer-Encoding", "chunked"),)) + chunked(STACK)


def _unknown_coding(emu: Emulator) -> bytes:
    return create_stack(emu, extra=(("Transfer-Encoding", "gzip, chunked"),)) + chunked(STACK)


def _bad_chunk_size(emu: Emulator) -> bytes:
    return create_stack(emu, extra=(("Transfer-Encoding", "chunked"),)) + b"zz\r\n" + STACK


def _chunk_longer_than_its_size(emu: Emulator) -> bytes:
    return (create_stack(emu, extra=(("Transfer-Encoding", "chunked"),))
            + b"%x\r\n%s!!\r\n0\r\n\r\n" % (len(STACK), STACK))


REFUSED: dict[str, tuple[Callable[[Emulator], bytes], int]] = {
    "non-numeric Content-Length": (_non_numeric, 400),
    "negative Content-Length": (_negative, 400),
    "conflicting Content-Length": (_conflicting, 400),
    "100 GB Content-Length": (_hundred_gigabytes, 413),
    "Content-Length with chunked": (_length_and_chunked, 400),
    "unsupported transfer coding": (_unknown_coding, 501),
    "chunk size not hex": (_bad_chunk_size, 400),
    "chunk longer than its size": (_chunk_longer_than_its_size, 400),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_unframeable_request_is_refused_closed_and_not_carried_out(emu: Emulator,
                                                                   case: str) -> None:
    build, status = REFUSED[case]
    with RawConnection(emu) as conn:
        answer = framed(conn.exchange(build(emu)))
        assert answer.status == status, answer
        assert answer.headers.get("connection") == "close" and answer.will_close
        assert conn.closed_by_server()
    assert stack_names(emu) == []


@pytest.mark.parametrize("encoding", ["length", "chunked"])
def test_body_cut_off_mid_send_is_refused_and_not_carried_out(emu: Emulator,
                                                              encoding: str) -> None:
    if encoding == "length":
        partial = create_stack(emu, length=len(STACK)) + STACK[:5]
    else:
        partial = (create_stack(emu, extra=(("Transfer-Encoding", "chunked"),))
                   + b"%x\r\n%s" % (len(STACK), STACK[:5]))
    with RawConnection(emu) as conn:
        conn.send(partial)
        conn.sock.shutdown(socket.SHUT_WR)  # the client stops sending mid-body
        answer = framed(conn.answer())
    assert answer.status == 400, answer
    assert stack_names(emu) == []


@pytest.fixture(scope="module")
def small() -> Iterator[Emulator]:
    """An emulator with a 64-byte body cap and a 0.2 s idle timeout."""
    with Emulator(max_body=64, idle_timeout=0.2) as emulator:
        yield emulator


@pytest.mark.parametrize("encoding", ["length", "chunked"])
def test_body_over_the_cap_is_413(small: Emulator, encoding: str) -> None:
    body = json.dumps({"Name": "x" * 100}).encode()
    headers = appstream_headers(small, "CreateStack", body)
    raw = (head(headers, length=len(body)) + body if encoding == "length" else
           head(headers, extra=(("Transfer-Encoding", "chunked"),)) + chunked(body, 16))
    with RawConnection(small) as conn:
        answer = framed(conn.exchange(raw))
    assert answer.status == 413, answer
    assert stack_names(small) == []


def test_idle_connection_is_closed_by_the_server(small: Emulator) -> None:
    with RawConnection(small) as conn:
        assert conn.closed_by_server()  # nothing sent: the server gives up on it
    with RawConnection(small) as conn:
        assert framed(conn.exchange(describe(small))).status == 200
        assert conn.closed_by_server()  # kept alive, then idle: closed as well


# -- refusals that keep the connection --------------------------------------------------------

DEEP_VALUE = b"[" * 1000 + b"]" * 1000


@pytest.mark.parametrize("body", [DEEP_VALUE, b'{"Name": ' + DEEP_VALUE + b"}"])
def test_deeply_nested_json_is_a_serialization_error_not_a_crash(emu: Emulator,
                                                                 body: bytes) -> None:
    with RawConnection(emu) as conn:
        raw = head(appstream_headers(emu, "CreateStack", body), length=len(body)) + body
        answer = framed(conn.exchange(raw))
        assert (answer.status, answer.json()["__type"]) == (400, "SerializationException")
        assert not answer.will_close
        assert framed(conn.exchange(describe(emu))).status == 200
    assert stack_names(emu) == []


def test_deeply_nested_control_body_is_refused(emu: Emulator) -> None:
    body = b'{"advance": ' + DEEP_VALUE + b"}"
    with RawConnection(emu) as conn:
        answer = framed(conn.exchange(
            b"POST /_streamkit/clock HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s"
            % (len(body), body)))
    assert answer.status == 400, answer


@pytest.mark.parametrize("raw", [
    pytest.param(lambda emu: head(appstream_headers(emu, "DescribeStacks", b"{}"), length=3)
                 + b"{ }", id="bad signature"),
    pytest.param(lambda emu: b"POST /_streamkit/nowhere HTTP/1.1\r\nHost: x\r\n"
                 b"Content-Length: 2\r\n\r\n{}", id="unknown control route"),
    pytest.param(lambda emu: b"POST /elsewhere HTTP/1.1\r\nHost: x\r\n"
                 b"Content-Length: 2\r\n\r\n{}", id="no cloud answers"),
])
def test_refused_request_with_sound_framing_keeps_the_connection(
        emu: Emulator, raw: Callable[[Emulator], bytes]) -> None:
    with RawConnection(emu) as conn:
        refused = framed(conn.exchange(raw(emu)))
        assert refused.status in (400, 404) and not refused.will_close, refused
        after = framed(conn.exchange(describe(emu)))
    assert after.status == 200, after



def test_repeated_identical_content_length_is_one_length(emu: Emulator) -> None:
    raw = create_stack(emu, extra=(("Content-Length", str(len(STACK))),
                                   ("Content-Length", str(len(STACK))))) + STACK
    with RawConnection(emu) as conn:
        assert framed(conn.exchange(raw)).status == 200  # RFC 9112 6.3: same value twice
    assert stack_names(emu) == ["framed"]


@pytest.mark.parametrize(("raw", "status"), [
    (b"NOT HTTP AT ALL\r\n\r\n", 400),
    (b"PATCH / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}", 501),
])
def test_unparseable_request_line_or_method_gets_a_framed_answer(emu: Emulator, raw: bytes,
                                                                   status: int) -> None:
    with RawConnection(emu) as conn:
        answer = framed(conn.exchange(raw))
    assert answer.status == status, answer
