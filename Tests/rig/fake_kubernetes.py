# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The fake Kubernetes API of the test rig: GET of ServiceAccounts, Pods and Nodes with bearer-token auth.

Control endpoints (JSON, no auth):
  PUT /__objects   {"objects": [<ServiceAccount|Pod|Node manifest>, ...]}  adds or replaces objects
  GET/DELETE /__requests   the API requests received (method, path, status), for counting calls
  POST /__faults   {"path": "/api/v1/nodes/", "status": 403, "delay_ms": 0, "count": 1}  (prefix match; status 0 =
                   delay only); DELETE /__faults
  POST /__reset    drops objects, requests and faults
"""

import threading
import time

from rig_http import JSONRequestHandler, take_fault

_PLURALS = {"ServiceAccount": "serviceaccounts", "Pod": "pods", "Node": "nodes"}


class KubernetesState:
    """Objects by API path, the request log and the faults; shared by the handler threads."""

    def __init__(self, token):
        self.token = token
        self.lock = threading.Lock()
        self.objects = {}
        self.requests = []
        self.faults = []

    @staticmethod
    def path_of(manifest):
        kind, metadata = manifest["kind"], manifest["metadata"]
        if kind not in _PLURALS:
            raise ValueError(f"the fake Kubernetes API serves no {kind}")
        if kind == "Node":
            return f"/api/v1/nodes/{metadata['name']}"
        return f"/api/v1/namespaces/{metadata['namespace']}/{_PLURALS[kind]}/{metadata['name']}"

    def take_fault(self, path):
        with self.lock:
            return take_fault(self.faults, lambda fault: path.startswith(fault.get("path", "")))


def _status(code, reason, message):
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message,
            "reason": reason, "code": code}


def make_handler(state):
    """A request handler class bound to `state`."""

    class Handler(JSONRequestHandler):

        def do_GET(self):
            if self.path.startswith("/__"):
                return self.control("GET")
            path = self.path.split("?", 1)[0]
            status, payload = self._serve(path)
            with state.lock:
                state.requests.append({"method": "GET", "path": path, "status": status})
            self.send_json(status, payload)

        def _serve(self, path):
            if self.headers.get("Authorization") != f"Bearer {state.token}":
                return 401, _status(401, "Unauthorized", "Unauthorized")
            fault = state.take_fault(path)
            if fault and fault.get("delay_ms"):
                time.sleep(fault["delay_ms"] / 1000)
            if fault and fault.get("status"):
                reason = {403: "Forbidden", 404: "NotFound", 429: "TooManyRequests"}.get(fault["status"], "InternalError")
                return fault["status"], _status(fault["status"], reason, f"injected {reason} for {path}")
            with state.lock:
                found = state.objects.get(path)
            if found is None:
                parts = path.rstrip("/").split("/")
                return 404, _status(404, "NotFound", f'{parts[-2]} "{parts[-1]}" not found')
            return 200, found

        def control(self, method):
            path = self.path
            body = self.read_json() if method in ("PUT", "POST") else {}
            answer = {}
            with state.lock:
                if path == "/__objects" and method == "PUT":
                    for manifest in body.get("objects", []):
                        state.objects[KubernetesState.path_of(manifest)] = manifest
                elif path == "/__requests" and method == "GET":
                    answer = {"requests": list(state.requests)}
                elif path == "/__requests" and method == "DELETE":
                    state.requests.clear()
                elif path == "/__faults" and method == "POST":
                    state.faults.append(body)
                elif path == "/__faults" and method == "DELETE":
                    state.faults.clear()
                elif path == "/__reset" and method == "POST":
                    state.objects.clear()
                    state.requests.clear()
                    state.faults.clear()
                else:
                    return self.send_json(404, {"error": f"unknown control endpoint {method} {path}"})
            self.send_json(200, answer)

    return Handler
