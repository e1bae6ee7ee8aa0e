import os
import threading

import pytest

from autograder.channel import HEADER, Channel, ChannelError


@pytest.fixture
def pair():
    a_read, b_write = os.pipe()
    b_read, a_write = os.pipe()
    yield Channel(a_read, a_write), Channel(b_read, b_write)
    for fd in (a_read, b_write, b_read, a_write):
        os.close(fd)


def test_message_with_blobs_round_trips(pair):
    left, right = pair
    left.send({"op": "x"}, [b"abc", b""])
    header, blobs = right.receive(timeout=5)
    assert header["op"] == "x" and blobs == [b"abc", b""]


def test_receive_times_out_instead_of_hanging(pair):
    _, right = pair
    with pytest.raises(ChannelError, match="timed out"):
        right.receive(timeout=0.2)


def test_oversized_or_garbage_headers_are_refused(pair):
    left, right = pair
    os.write(left.write_fd, HEADER.pack(2**30))
    with pytest.raises(ChannelError, match="too large"):
        right.receive(timeout=1)
    os.write(left.write_fd, HEADER.pack(5) + b"notjs")
    with pytest.raises(ChannelError, match="malformed"):
        right.receive(timeout=1)


def test_closed_writer_is_reported(pair):
    left, right = pair
    thread = threading.Thread(target=lambda: os.close(os.dup(left.write_fd)))
    thread.start()
    thread.join()
    left.send({"op": "last"})
    assert right.receive(timeout=1)[0]["op"] == "last"


def test_send_is_bounded_when_the_other_side_stops_reading():
    """Issue 9 item 4: a reader that never reads cannot block the sender forever."""
    import time

    read_fd, write_fd = os.pipe()
    try:
        start = time.monotonic()
        with pytest.raises(ChannelError, match="timed out while sending"):
            Channel(read_fd, write_fd).send({"op": "x"}, [b"\0" * 2**20], timeout=0.5)
        assert time.monotonic() - start < 5
    finally:
        os.close(read_fd)
        os.close(write_fd)


def test_deeply_nested_json_is_a_channel_error():
    """Issue 9 item 6: a RecursionError while decoding is the sender's fault, reported."""
    read_fd, write_fd = os.pipe()
    body = b"[" * 100_000
    os.write(write_fd, HEADER.pack(len(body)))
    reader = Channel(read_fd, write_fd)
    import threading

    writer = threading.Thread(target=os.write, args=(write_fd, body))
    writer.start()
    with pytest.raises(ChannelError, match="malformed"):
        reader.receive(timeout=5)
    writer.join()
    os.close(read_fd)
    os.close(write_fd)
