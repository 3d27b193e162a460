# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Pieces shared by the rig's fakes: a JSON request handler and fault selection."""

import json
from http.server import BaseHTTPRequestHandler


def take_fault(faults, matches):
    """The first fault for which `matches(fault)` holds and that has uses left; uses one of its `count`."""
    for fault in faults:
        if not matches(fault):
            continue
        if fault.get("count") is not None:
            if fault["count"] <= 0:
                continue
            fault["count"] -= 1
        return dict(fault)
    return None


class JSONRequestHandler(BaseHTTPRequestHandler):
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

