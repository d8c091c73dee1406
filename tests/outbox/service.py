"""A local HTTP service for the outbox tests: it records every call with its idempotency
key and answers what the test scripted (200 by default, 429 with Retry-After, 500, 400)."""

from __future__ import annotations

import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class CountingService:
    """Counts POSTs per `Idempotency-Key`; `answers` are served first, then 200."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.answers: list[tuple[int, dict[str, str]]] = []
        self.down = False
        self._lock = threading.Lock()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with service._lock:
                    service.calls.append({**body, "key": self.headers.get("Idempotency-Key")})
                    status, headers = service.answers.pop(0) if service.answers else (200, {})
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        """Where to POST."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/calls"

    def keys(self) -> Counter[str]:
        """How many calls each idempotency key received."""
        with self._lock:
            return Counter(call["key"] for call in self.calls)

    def start(self) -> CountingService:
        """Serve in a thread."""
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()
