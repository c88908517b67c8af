"""A tiny webhook receiver for tests: an http.server in a thread that records each POST."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@contextmanager
def webhook_receiver(port: int, status: int = 200) -> Iterator[dict[str, Any]]:
    state: dict[str, Any] = {"requests": [], "status": status}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            state["requests"].append({"headers": dict(self.headers), "body": body, "path": self.path})
            self.send_response(state["status"])
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{port}/hook"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
