# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The fake EKS Pod Identity agent of the test rig.

GET /v1/credentials with the pod's token as the Authorization header answers credentials minted by the fake AWS's
STS for the role that token is associated with, in the agent's format (AccessKeyId, SecretAccessKey, Token,
AccountId, Expiration). Control endpoints (JSON): PUT /__associations {"<token>": "<role ARN>"}; GET/DELETE /__requests;
POST /__faults {"status": 500, "delay_ms": 0, "count": 1}; DELETE /__faults; POST /__reset.
"""

import threading
import time

import boto3
from botocore import UNSIGNED
from botocore.config import Config

from rig_http import JSONRequestHandler, take_fault


class PodIdentityState:
    """Token associations, requests and faults; shared by the IPv4 and IPv6 listeners."""

    def __init__(self, aws_endpoint):
        self.aws_endpoint = aws_endpoint
        self.lock = threading.Lock()
        self.associations = {}
        self.requests = []
        self.faults = []

    def mint(self, role_arn, token):
        """Credentials for `role_arn`, from the fake AWS's STS (unsigned AssumeRoleWithWebIdentity)."""
        sts = boto3.client("sts", endpoint_url=self.aws_endpoint, region_name="us-east-1",
                           config=Config(signature_version=UNSIGNED))
        answer = sts.assume_role_with_web_identity(RoleArn=role_arn, RoleSessionName="eks-pod-identity",
                                                   WebIdentityToken=token)
        credentials = answer["Credentials"]
        return {"AccessKeyId": credentials["AccessKeyId"], "SecretAccessKey": credentials["SecretAccessKey"],
                "Token": credentials["SessionToken"], "AccountId": role_arn.split(":")[4],
                "Expiration": credentials["Expiration"].strftime("%Y-%m-%dT%H:%M:%SZ")}


def make_handler(state, listener):
    """A request handler class bound to `state`; `listener` ("ipv4" or "ipv6") is recorded with each request."""

    class Handler(JSONRequestHandler):

        def do_GET(self):
            if self.path == "/__requests":
                with state.lock:
                    return self.send_json(200, {"requests": list(state.requests)})
            if self.path != "/v1/credentials":
                return self.send_json(404, {"message": "not found"})
            token = self.headers.get("Authorization", "")
            status, payload = self._credentials(token)
            with state.lock:
                state.requests.append({"listener": listener, "status": status})
            self.send_json(status, payload)

        def _credentials(self, token):
            with state.lock:
                fault = take_fault(state.faults, lambda _: True)
                role_arn = state.associations.get(token)
            if fault and fault.get("delay_ms"):
                time.sleep(fault["delay_ms"] / 1000)
            if fault and fault.get("status"):
                return fault["status"], {"code": "InjectedFault", "message": "injected agent fault"}
            if not token:
                return 400, {"code": "InvalidToken", "message": "no service account token in Authorization"}
            if role_arn is None:
                return 400, {"code": "AccessDeniedException", "message": "no pod identity association for this token"}
            return 200, state.mint(role_arn, token)

        def control(self, method):
            body = self.read_json()
            with state.lock:
                if self.path == "/__associations" and method == "PUT":
                    state.associations.update(body)
                elif self.path == "/__requests" and method == "DELETE":
                    state.requests.clear()
                elif self.path == "/__faults" and method == "POST":
                    state.faults.append(body)
                elif self.path == "/__faults" and method == "DELETE":
                    state.faults.clear()
                elif self.path == "/__reset" and method == "POST":
                    state.associations.clear()
                    state.requests.clear()
                    state.faults.clear()
                else:
                    return self.send_json(404, {"error": f"unknown control endpoint {method} {self.path}"})
            self.send_json(200, {})

    return Handler
