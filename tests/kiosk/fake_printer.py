"""A real TCP server on 127.0.0.1 that plays an ESC/POS network printer (port 9100 style)."""

from __future__ import annotations

import socket
import threading


class FakeNetworkPrinter:
    """Accepts connections, answers DLE EOT status requests with ``status`` bytes, records what it got.

    ``status`` maps n (1 printer, 2 off-line cause, 4 paper) to the reply byte; an empty map never answers.
    """

    def __init__(self, status: dict[int, int] | None = None) -> None:
        self.status = {} if status is None else status
        self.jobs: list[bytes] = []
        self.done = threading.Event()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(5)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        received = bytearray()
        with conn:
            conn.settimeout(5)
            while True:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    break
                if not chunk:
                    break
                received += chunk
                tail = bytes(received[-3:])
                if tail[:2] == b"\x10\x04" and tail[2] in self.status:
                    conn.sendall(bytes([self.status[tail[2]]]))
        self.jobs.append(bytes(received))
        self.done.set()

    def close(self) -> None:
        self.sock.close()
        self.thread.join(timeout=5)


def closed_port() -> int:
    """A local port with nothing listening (bound, then released)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
