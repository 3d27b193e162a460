# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Pieces shared by the rig's fakes: a JSON request handler and fault selection."""

import io
import json
import socket
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler


def take_fault(faults, matches):
    """The first fault for which `matches(fault)` holds and that has uses left; uses one of its `count`. A fault with
    `"every": k` applies to every k-th matching request only (the others pass through it)."""
    for fault in faults:
        if not matches(fault):
            continue
        if fault.get("every"):
            fault["seen"] = fault.get("seen", 0) + 1
            if fault["seen"] % fault["every"] != 0:
                continue
        if fault.get("count") is not None:
            if fault["count"] <= 0:
                continue
            fault["count"] -= 1
        return dict(fault)
    return None


class NoDelayHandler(BaseHTTPRequestHandler):
    """Sends each write at once (TCP_NODELAY). The handlers write the headers and the body separately; with Nagle's
    algorithm the body would wait for the client's delayed ACK of the headers, adding 40 ms to every answer on a
    kept-alive connection, which real AWS endpoints do not."""

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class JSONRequestHandler(NoDelayHandler):
    """HTTP/1.1 with JSON bodies and no access log; PUT, POST and DELETE go to `control(method)`."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_json(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PUT(self):
        self.control("PUT")

    def do_POST(self):
        self.control("POST")

    def do_DELETE(self):
        self.control("DELETE")

    def control(self, method):
        raise NotImplementedError

    def read_json(self):
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}") if length else {}



class KeepAliveWSGIHandler(NoDelayHandler):
    """Serves the WSGI application `server.app` over keep-alive HTTP/1.1, as AWS endpoints do.

    werkzeug's server closes every connection (it cannot drain an unread body without reading the next request), which
    would hide how many connections a client really uses. Here the body is read by Content-Length before the application
    runs and every answer carries a Content-Length, so the stream always stands at the next request line.
    """

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def __getattr__(self, name):
        if name.startswith("do_"):
            return self._run
        raise AttributeError(name)

    def _run(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        environ = {
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False,
            "REQUEST_METHOD": self.command, "SCRIPT_NAME": "", "PATH_INFO": urllib.parse.unquote(path),
            "QUERY_STRING": query, "RAW_URI": self.path, "SERVER_PROTOCOL": self.request_version,
            "SERVER_NAME": self.server.server_address[0], "SERVER_PORT": str(self.server.server_address[1]),
            "REMOTE_ADDR": self.client_address[0], "REMOTE_PORT": self.client_address[1],
            "CONTENT_LENGTH": str(length),
        }
        for key, value in self.headers.items():
            name = key.upper().replace("-", "_")
            if name == "CONTENT_TYPE":
                environ[name] = value
            elif name != "CONTENT_LENGTH":
                environ["HTTP_" + name] = value
        started = {}

        def start_response(status, headers, exc_info=None):
            started["status"], started["headers"] = status, headers
            return lambda data: None

        chunks = self.server.app(environ, start_response)
        try:
            data = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        code, _, reason = started["status"].partition(" ")
        self.send_response(int(code), reason)
        for key, value in started["headers"]:
            if key.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
