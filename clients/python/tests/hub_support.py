"""What the client's tests need around a real hub: its URL, a display's stream, a hub that is down, one that never answers."""
from __future__ import annotations

import http.client
import json
import os
import socket
import threading
import time
import unittest
import uuid
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import urlsplit

API = "/api/customer-display"

#: Set by test/node/python-client.test.ts: an open hub, and one started with `--token`.
HUB_URL = os.environ.get("POS_DISPLAY_HUB_URL", "")
TOKEN_HUB_URL = os.environ.get("POS_DISPLAY_TOKEN_HUB_URL", "")
TOKEN = os.environ.get("POS_DISPLAY_TOKEN", "")

needs_hub = unittest.skipUnless(HUB_URL, "POS_DISPLAY_HUB_URL is not set (test/node/python-client.test.ts starts a hub and sets it)")
needs_token_hub = unittest.skipUnless(TOKEN_HUB_URL and TOKEN, "POS_DISPLAY_TOKEN_HUB_URL / POS_DISPLAY_TOKEN are not set")


def new_lane(prefix: str = "py") -> str:
    """A lane of its own for each test: they share one hub."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def bill(total: Any = 27750, bill_id: Any = "B-1001", **extra: Any) -> Dict[str, Any]:
    body: Dict[str, Any] = {
        "bill_id": bill_id,
        "bill_number": "INV-1001",
        "items": [{"id": 1, "name": "Nasi Goreng", "quantity": 1, "unit_price": 25000, "subtotal": 25000}],
        "subtotal": 25000,
        "tax": 2750,
        "discount": 0,
        "total": total,
    }
    body.update(extra)
    return body


class DisplayStream:
    """What a display on ``lane`` receives (``GET /stream``), read on a thread of its own."""

    def __init__(self, hub_url: str, lane: str) -> None:
        parts = urlsplit(hub_url)
        self.events: List[Tuple[str, Any]] = []
        self._changed = threading.Condition()
        self._connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=5)
        self._connection.connect()
        self._socket = self._connection.sock
        self._connection.request("GET", f"{API}/stream?lane={lane}", headers={"Accept": "text/event-stream"})
        self._response = self._connection.getresponse()
        assert self._response.status == 200, f"stream: HTTP {self._response.status}"
        self._socket.settimeout(None)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        self.wait_for(lambda events: any(name == "connected" for name, _ in events), "the connected event")

    def _read(self) -> None:
        name, data = "message", []  # type: str, List[str]
        try:
            while True:
                raw = self._response.readline()
                if not raw:
                    return
                line = raw.decode("utf-8").rstrip("\r\n")
                if line == "":
                    if data:
                        with self._changed:
                            self.events.append((name, json.loads("\n".join(data))))
                            self._changed.notify_all()
                    name, data = "message", []
                elif line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].lstrip(" "))
        except (OSError, ValueError):
            return

    def named(self, event: str) -> List[Any]:
        with self._changed:
            return [data for name, data in self.events if name == event]

    def wait_for(self, check: Callable[[List[Tuple[str, Any]]], bool], what: str, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not check(self.events):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out waiting for {what}; got {[name for name, _ in self.events]}")
                self._changed.wait(remaining)

    def close(self) -> None:
        try:
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._connection.close()
        self._thread.join(2)


def post(hub_url: str, endpoint: str, lane: str, body: Any, token: Optional[str] = None) -> Tuple[int, Any]:
    """A plain POST, as a display answering a prompt sends it."""
    parts = urlsplit(hub_url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=5)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        connection.request("POST", f"{API}/{endpoint}?lane={lane}", body=json.dumps(body), headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def dead_hub_url() -> str:
    """A loopback port nobody listens on: connecting is refused at once."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}"


class SilentHub:
    """Accepts connections and never answers: a hung hub, or a half-open network path."""

    def __init__(self) -> None:
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self.accepted: List[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self) -> None:
        try:
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() (Linux)
        except OSError:
            pass
        self._listener.close()
        for connection in self.accepted:
            connection.close()
