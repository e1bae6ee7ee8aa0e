"""Length-prefixed messages over a pair of pipes: a JSON header plus raw byte blobs.

Used on both sides of the sandbox boundary. The reading side bounds every size and
every wait, so a hostile writer can neither flood nor stall the grader. This module
must import nothing outside the standard library (it also runs inside the sandbox).
"""

import json
import os
import select
import struct
import time

HEADER = struct.Struct("!I")
MAX_HEADER = 1 * 2**20
MAX_BLOBS = 4096
MAX_MESSAGE = 96 * 2**20


class ChannelError(Exception):
    """The other side sent garbage, too much, nothing in time, or went away."""


class Channel:
    def __init__(self, read_fd: int, write_fd: int):
        self.read_fd = read_fd
        self.write_fd = write_fd

    def send(self, header: dict, blobs: list[bytes] = (), timeout: float | None = None) -> None:
        """Write one message; with ``timeout``, give up (ChannelError) when the other side
        stops reading, instead of blocking forever on a full pipe."""
        deadline = None if timeout is None else time.monotonic() + timeout
        header = dict(header, blobs=[len(b) for b in blobs])
        data = json.dumps(header).encode()
        view = memoryview(b"".join([HEADER.pack(len(data)), data, *blobs]))
        if deadline is None:
            while view:
                view = view[os.write(self.write_fd, view) :]
            return
        os.set_blocking(self.write_fd, False)
        try:
            while view:
                _, ready, _ = select.select([], [self.write_fd], [], self.left(deadline))
                if not ready:
                    raise ChannelError("timed out while sending")
                try:
                    view = view[os.write(self.write_fd, view) :]
                except BlockingIOError:
                    continue
        finally:
            os.set_blocking(self.write_fd, True)

    @staticmethod
    def left(deadline: float) -> float:
        return max(0.0, deadline - time.monotonic())

    def receive(self, timeout: float | None = None) -> tuple[dict, list[bytes]]:
        deadline = None if timeout is None else time.monotonic() + timeout
        (size,) = HEADER.unpack(self.read_exactly(HEADER.size, deadline))
        if size > MAX_HEADER:
            raise ChannelError("message header too large")
        try:
            header = json.loads(self.read_exactly(size, deadline))
        except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
            raise ChannelError("malformed message header") from None
        lengths = header.get("blobs") if isinstance(header, dict) else None
        if not isinstance(lengths, list) or len(lengths) > MAX_BLOBS:
            raise ChannelError("malformed message header")
        if not all(isinstance(n, int) and n >= 0 for n in lengths) or sum(lengths) > MAX_MESSAGE:
            raise ChannelError("message too large")
        return header, [self.read_exactly(n, deadline) for n in lengths]

    def read_exactly(self, count: int, deadline: float | None) -> bytes:
        chunks, missing = [], count
        while missing:
            if deadline is not None:
                ready, _, _ = select.select([self.read_fd], [], [], self.left(deadline))
                if not ready:
                    raise ChannelError("timed out")
            chunk = os.read(self.read_fd, min(missing, 2**20))
            if not chunk:
                raise ChannelError("the other side closed the channel")
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)
