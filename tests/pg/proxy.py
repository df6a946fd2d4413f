"""A tiny TCP proxy on 127.0.0.1 between a client and the test PostgreSQL server, to cut a connection at an
exact protocol moment (a real socket cut, not a mock).

It reads the client's frontend messages (after the start-up packet, each is a type byte and a length) and,
when armed, cuts both sockets at the first simple-query message whose text contains ``COMMIT``:

- ``after``: the COMMIT is forwarded to the server first, then the client's socket is closed before the reply
  reaches it (the commit happened, the client cannot know);
- ``before``: both sockets are closed without forwarding it (the commit never reached the server).

:meth:`CommitCutter.drop` / :meth:`CommitCutter.restore` stand for a network that stops carrying packets: while
dropped nothing is forwarded either way (the messages wait, as in a cable's retransmissions), and nothing is
lost or closed; on restore everything flows again.

It also counts the client's round trips (:attr:`CommitCutter.round_trips`): each simple query (``Q``) and each
``Sync`` (``S``, the end of an extended-protocol batch or pipeline) is one wait for the server's answer.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading


def _cut(sock: socket.socket) -> None:
    """Close now: shutdown() sends the FIN even while another thread is blocked reading the socket."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


class CommitCutter:
    def __init__(self, server_port: int) -> None:
        self.server_port = server_port
        self.mode: str | None = None  # "before" | "after" | None (pass everything)
        self.cuts = 0
        self.round_trips = 0
        self._listen = socket.socket()
        self._listen.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listen.bind(("127.0.0.1", 0))
        self._listen.listen(64)
        self.port = self._listen.getsockname()[1]
        self._lock = threading.Lock()
        self._flowing = threading.Event()
        self._flowing.set()
        self._drop_after: int | None = None
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def arm(self, mode: str) -> None:
        with self._lock:
            self.mode = mode

    def drop(self, after_round_trips: int = 0) -> None:
        """The network stops now, or just after the client's next ``after_round_trips`` requests went out
        (their answers then wait with everything else)."""
        with self._lock:
            if after_round_trips:
                self._drop_after = self.round_trips + after_round_trips
            else:
                self._flowing.clear()

    @property
    def dropped(self) -> bool:
        return not self._flowing.is_set()

    def restore(self) -> None:
        self._flowing.set()

    def close(self) -> None:
        self._stop = True
        self._flowing.set()
        self._listen.close()

    def _take_cut(self) -> str | None:
        with self._lock:
            mode, self.mode = self.mode, None
            if mode:
                self.cuts += 1
            return mode

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self._listen.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.server_port))
            for s in (client, server):  # forward each message at once (no Nagle wait for a delayed ACK)
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            # set before a COMMIT is forwarded in "after" mode: from then on no reply reaches the client
            muted = threading.Event()
            threading.Thread(target=self._upstream, args=(client, server, muted), daemon=True).start()
            threading.Thread(target=self._downstream, args=(server, client, muted), daemon=True).start()

    @staticmethod
    def _recv_exact(sock: socket.socket, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("closed")
            buf += chunk
        return buf

    def _upstream(self, client: socket.socket, server: socket.socket, muted: threading.Event) -> None:
        try:
            # start-up packet (and an SSL/GSS request first if the client asks; it is refused by the server)
            while True:
                head = self._recv_exact(client, 4)
                (length,) = struct.unpack("!I", head)
                body = self._recv_exact(client, length - 4)
                server.sendall(head + body)
                code = struct.unpack("!I", body[:4])[0] if len(body) >= 4 else 0
                if code not in (80877103, 80877104):  # SSLRequest, GSSENCRequest: another start-up follows
                    break
            while True:
                kind = self._recv_exact(client, 1)
                (length,) = struct.unpack("!I", self._recv_exact(client, 4))
                body = self._recv_exact(client, length - 4)
                msg = kind + struct.pack("!I", length) + body
                self._flowing.wait()
                if kind in (b"Q", b"S"):
                    with self._lock:
                        self.round_trips += 1
                if kind == b"Q" and b"COMMIT" in body.upper():
                    mode = self._take_cut()
                    if mode == "after":
                        muted.set()  # else, on a loaded machine, the reply can race ahead of the cut below
                        server.sendall(msg)
                        _cut(client)
                        return  # the server side stays open: it finishes the COMMIT, then sees the EOF
                    if mode == "before":
                        _cut(client)
                        _cut(server)  # the server sees the EOF at once and rolls the transaction back
                        return
                server.sendall(msg)
                with self._lock:
                    if self._drop_after is not None and self.round_trips >= self._drop_after:
                        self._drop_after = None
                        self._flowing.clear()
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                client.close()

    def _downstream(self, server: socket.socket, client: socket.socket, muted: threading.Event) -> None:
        try:
            while True:
                data = server.recv(65536)
                self._flowing.wait()
                if not data or muted.is_set():
                    break
                client.sendall(data)
        except OSError:
            pass
        finally:
            for s in (server, client):
                with contextlib.suppress(OSError):
                    s.close()
