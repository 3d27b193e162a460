# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The fake AWS of the test rig: moto's server with SigV4 checking on, a call log and fault injection.

Control endpoints (JSON):
  POST /__faults   {"operation": "GetSecretValue", "region": "us-west-2", "status": 500, "code": "InternalServiceError",
                    "message": "...", "count": 2, "delay_ms": 0, "every": 2}   -> adds a fault; every key but "operation"
                   is optional
                   ("operation" "*" matches every call; "region" absent matches every region; "count" absent = forever;
                    "status" 0 or absent with a delay only delays the call; "every": k hits every k-th matching call)
  GET/DELETE /__faults, GET/DELETE /__calls (one entry per AWS call: service, operation, region, signed, status,
                   injected, client_port, user_agent, access_key_id and principal: the access key that signed it and
                   the IAM user or role it belongs to),
  POST /__reset    drops every secret and parameter, the faults and the calls (the IAM identities stay).
  POST /__acm/renew {"arn": ..., "region": "us-east-1"} -> {"serial": ...}: a managed renewal of an ACM certificate
                   (a new key and serial behind the same ARN; fake_acm.py says how the rig's ACM issues certificates).

IAM: the rig user (static keys) and the roles rig-irsa-role and rig-pod-identity-role may do everything;
rig-no-batch-role may do everything but secretsmanager:BatchGetSecretValue, which an explicit Deny in its policy
refuses; rig-ssm-other-path-role may do everything, but ssm:GetParametersByPath only on the path /rig/other (its
policy allows that action on the resources `parameter/rig/other` and `parameter/rig/other/*` only); rig-no-list-role
may do everything but secretsmanager:ListSecrets (an explicit Deny), so BatchGetSecretValue with Filters is refused to
it too. Those five trust any web identity token. rig-chained-role, for chained credentials, may do everything and
trusts any AWS principal to call sts:AssumeRole with the external ID `rig-external-id` (checked by the rig, see
fake_accounts.py). moto enforces the Deny itself for the temporary credentials of
AssumeRoleWithWebIdentity (it checks the assumed role's policies on each signed call), so no patch is needed for it;
it answers as its IAM layer does for every service, HTTP 403 with an XML body `<Code>AccessDenied</Code>`, where real
Secrets Manager answers HTTP 400 with JSON `{"__type": "AccessDeniedException"}`. BatchGetSecretValue reads each
secret's default version, which the UpdateSecretVersionStage patch below keeps on AWSCURRENT, so it follows stage
moves as GetSecretValue does (test_rig.py checks both).

The listing calls are authorized as AWS does it, where moto checks every action against the resource `*`:
ssm:GetParametersByPath against the parameter ARN of its Path (for `/app/prod`,
`arn:aws:ssm:REGION:ACCOUNT:parameter/app/prod`), and BatchGetSecretValue with Filters needs secretsmanager:ListSecrets
as well. The `name` filter of ListSecrets and BatchGetSecretValue matches as AWS's does, not as moto's case-sensitive
prefix: ignoring case, the whole name or word by word (`prod/app/` also finds `PROD/APP/b`, `team/prod/app/d` and
`prod/application`), so a caller that wants an exact prefix must filter the answer itself.

A second account (fake_accounts.py) holds a user for seeding its secrets and parameters and two roles that trust the
IRSA and Pod Identity roles, one of them only with an external ID; the rig checks their trust policies on
`AssumeRole`, which moto does not.
"""

import functools
import io
import json
import re
import threading
import time
from urllib.parse import parse_qs

import boto3
from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.secretsmanager import models as secretsmanager_models
from moto.secretsmanager.models import SecretsManagerBackend, secretsmanager_backends
from moto.core.responses import ActionResult
from moto.ssm.models import ssm_backends
from moto.ssm.responses import SimpleSystemManagerResponse
from moto.utilities.utils import get_partition
from rig_http import take_fault

import fake_accounts
import fake_acm

ACCOUNT = "123456789012"
IRSA_ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/rig-irsa-role"
POD_IDENTITY_ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/rig-pod-identity-role"
NO_BATCH_ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/rig-no-batch-role"
CHAINED_ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/rig-chained-role"
SSM_OTHER_PATH_ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/rig-ssm-other-path-role"
NO_LIST_ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/rig-no-list-role"
CHAINED_ROLE_EXTERNAL_ID = "rig-external-id"
_CREDENTIAL_SCOPE = re.compile(r"Credential=([^/]+)/\d{8}/([^/]+)/([^/]+)/aws4_request")
_ALLOW_ALL = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
_ALLOW_ALL_BUT_BATCH = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"},
    {"Effect": "Deny", "Action": "secretsmanager:BatchGetSecretValue", "Resource": "*"}]})
# moto's IAM evaluation knows NotAction but not NotResource (a Deny with NotResource would allow), so the path
# restriction is an Allow of everything but GetParametersByPath plus an Allow of it on /rig/other; AWS reads it alike.
_ALLOW_ALL_BUT_PATHS_OUTSIDE_OTHER = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "NotAction": "ssm:GetParametersByPath", "Resource": "*"},
    {"Effect": "Allow", "Action": "ssm:GetParametersByPath",
     "Resource": [f"arn:aws:ssm:*:{ACCOUNT}:parameter/rig/other", f"arn:aws:ssm:*:{ACCOUNT}:parameter/rig/other/*"]}]})
_ALLOW_ALL_BUT_LIST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"},
    {"Effect": "Deny", "Action": "secretsmanager:ListSecrets", "Resource": "*"}]})
_TRUST_ALL = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Federated": "*"}, "Action": "sts:AssumeRoleWithWebIdentity"}]})
_TRUST_WITH_EXTERNAL_ID = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
     "Condition": {"StringEquals": {"sts:ExternalId": CHAINED_ROLE_EXTERNAL_ID}}}]})


def _patch_moto():
    """Fixes the moto gaps the provider's tests would trip over (each patch below says which), and
    makes GetParameters echo each parameter's `Selector` as AWS does."""
    original_auth = ActionAuthenticatorMixin._authenticate_and_authorize_action

    def authenticate(self, iam_request_cls, resource="*"):
        action = self._get_action()
        # Real STS takes AssumeRoleWithWebIdentity unsigned; moto crashes on the missing Authorization header.
        if "Authorization" not in self.headers and action == "AssumeRoleWithWebIdentity":
            return
        if action == "GetParametersByPath" and resource == "*":
            # AWS authorizes GetParametersByPath against the ARN of its path, which is what a policy restricting
            # paths names; moto checks every action against `*`, which such a policy's resources never match.
            resource = _path_arn(self.region, self.current_account, self._get_param("Path")) or resource
        elif action == "BatchGetSecretValue" and self._get_param("Filters"):
            # With Filters, AWS lists the secrets for the caller and requires secretsmanager:ListSecrets too;
            # moto checks the one action only.
            iam_request_cls = _also_requiring(iam_request_cls, "secretsmanager:ListSecrets")
        return original_auth(self, iam_request_cls, resource)

    ActionAuthenticatorMixin._authenticate_and_authorize_action = authenticate

    # moto's `name` filter is a case-sensitive prefix of the whole name, narrower than AWS's: the provider's own
    # exact re-filtering of ListSecrets and BatchGetSecretValue answers would never be exercised. moto's filter
    # dispatch reads this dict (it holds its own reference to filters.name_filter), so the dict is what is patched.
    secretsmanager_models._filter_functions["name"] = _name_filter

    original_stage = SecretsManagerBackend.update_secret_version_stage

    def update_stage(self, secret_id, version_stage, remove_from_version_id=None, move_to_version_id=None):
        result = original_stage(self, secret_id, version_stage, remove_from_version_id, move_to_version_id)
        # moto forgets to move the default version with AWSCURRENT, so GetSecretValue without a stage went stale.
        if version_stage == "AWSCURRENT" and move_to_version_id:
            self.secrets[secret_id].set_default_version_id(move_to_version_id)
        return result

    SecretsManagerBackend.update_secret_version_stage = update_stage

    def get_parameters(self):
        # AWS answers `name:label` and `name:3` with `"Selector": ":label"` / `":3"`; moto leaves it out, so two
        # labels of one parameter could not be told apart.
        names = self._get_param("Names")
        with_decryption = self._get_param("WithDecryption")
        found = self.ssm_backend.get_parameters(names)
        parameters = []
        for requested, parameter in found.items():
            data = parameter.response_object(with_decryption, self.region)
            selector = _selector(requested)
            if selector:
                data["Selector"] = selector
            parameters.append(data)
        return ActionResult({"Parameters": parameters, "InvalidParameters": [n for n in names if n not in found]})

    SimpleSystemManagerResponse.get_parameters = get_parameters


def _path_arn(region, account, path):
    """The ARN AWS authorizes ssm:GetParametersByPath against: `arn:aws:ssm:REGION:ACCOUNT:parameter/a/b` for the path
    `/a/b` or `/a/b/`, `…:parameter/` for the root `/`; None without a path (moto then refuses the call itself)."""
    if not isinstance(path, str) or not path:
        return None
    if not path.startswith("/"):
        path = "/" + path
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return f"arn:{get_partition(region)}:ssm:{region}:{account}:parameter{path}"


@functools.lru_cache(maxsize=None)
def _also_requiring(iam_request_cls, action):
    """moto's IAM request class, checking `action` as well after the request's own action (on the same resource).
    A refusal of either is moto's usual AccessDenied, naming the action refused."""
    class Request(iam_request_cls):
        def check_action_permitted(self, resource):
            super().check_action_permitted(resource)
            self._action = action
            super().check_action_permitted(resource)

    return Request


# Where AWS splits a secret name into words for the `name` filter: its punctuation, and a lower-case letter followed
# by an upper-case one (`myApp` is `my` and `App`; `APP` stays one word).
_NAME_WORD_BREAK = re.compile(r"[/_+=.@-]+|(?<=[a-z])(?=[A-Z])")


def _name_words(text):
    return [word.lower() for word in _NAME_WORD_BREAK.split(text) if word]


def _name_matches(name, value):
    """Whether AWS's `name` filter value `value` (without `!`) matches the secret name `name`: the name starts with
    it, ignoring case, or each of its words starts, ignoring case, some word of the name."""
    if name.lower().startswith(value.lower()):
        return True
    wanted, words = _name_words(value), _name_words(name)
    return bool(wanted) and all(any(word.startswith(prefix) for word in words) for prefix in wanted)


def _name_filter(secret, values):
    """moto's `name` filter with AWS's matching: a secret passes when some value matches its name, or some value
    `!x` does not match it (the values combine as in moto's other filters)."""
    return any(not _name_matches(secret.name, value[1:]) if value.startswith("!") else _name_matches(secret.name, value)
               for value in values)


def _selector(name):
    """`:label` for `name:label` or `arn:…:parameter/name:label`; None without a selector."""
    head = name
    if name.startswith("arn:"):
        parts = name.split(":", 5)
        head = parts[5] if len(parts) == 6 else ""
    return ":" + head.rsplit(":", 1)[1] if ":" in head else None


_patch_moto()
fake_acm.patch()


def _operation(environ, body):
    """(service, operation, region, signed) of an AWS request."""
    authorization = environ.get("HTTP_AUTHORIZATION", "")
    scope = _CREDENTIAL_SCOPE.search(authorization)
    region, service = (scope.group(2), scope.group(3)) if scope else (None, None)
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target and "." in target:
        prefix, operation = target.split(".", 1)
        service = service or {"secretsmanager": "secretsmanager", "AmazonSSM": "ssm"}.get(prefix, prefix)
        return service, operation, region, bool(scope)
    form = parse_qs(body.decode("utf-8", "replace")) if body else {}
    query = parse_qs(environ.get("QUERY_STRING", ""))
    action = (form.get("Action") or query.get("Action") or [None])[0]
    if action:
        service = service or ("sts" if "Role" in action or "Identity" in action else None)
    return service, action, region, bool(scope)


def _access_key_id(environ):
    """The access key that signed the request; None for an unsigned one."""
    scope = _CREDENTIAL_SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
    return scope.group(1) if scope else None


class FakeAWS:
    """A WSGI app: control endpoints, then faults, then moto."""

    def __init__(self):
        self.moto = DomainDispatcherApplication(create_backend_app)
        self.lock = threading.Lock()
        self.faults = []
        self.calls = []
        self.access_key_id = None
        self.secret_access_key = None
        self.endpoint = None
        self.second_account = None

    # --- state -------------------------------------------------------------------------------------------------
    def bootstrap(self, endpoint):
        """Creates the rig's IAM user (static credentials) and roles, then turns SigV4 checking on."""
        self.endpoint = endpoint
        settings.INITIAL_NO_AUTH_ACTION_COUNT = float("inf")
        iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                           aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
        iam.create_user(UserName="rig")
        key = iam.create_access_key(UserName="rig")["AccessKey"]
        iam.put_user_policy(UserName="rig", PolicyName="all", PolicyDocument=_ALLOW_ALL)
        for arn, policy, trust in ((IRSA_ROLE_ARN, _ALLOW_ALL, _TRUST_ALL),
                                   (POD_IDENTITY_ROLE_ARN, _ALLOW_ALL, _TRUST_ALL),
                                   (NO_BATCH_ROLE_ARN, _ALLOW_ALL_BUT_BATCH, _TRUST_ALL),
                                   (SSM_OTHER_PATH_ROLE_ARN, _ALLOW_ALL_BUT_PATHS_OUTSIDE_OTHER, _TRUST_ALL),
                                   (NO_LIST_ROLE_ARN, _ALLOW_ALL_BUT_LIST, _TRUST_ALL),
                                   (CHAINED_ROLE_ARN, _ALLOW_ALL, _TRUST_WITH_EXTERNAL_ID)):
            name = arn.rsplit("/", 1)[1]
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)
            iam.put_role_policy(RoleName=name, PolicyName="all", PolicyDocument=policy)
        self.access_key_id, self.secret_access_key = key["AccessKeyId"], key["SecretAccessKey"]
        self.second_account = fake_accounts.bootstrap(endpoint, [IRSA_ROLE_ARN, POD_IDENTITY_ROLE_ARN], _ALLOW_ALL)
        with self.lock:
            self.calls.clear()
        ActionAuthenticatorMixin.request_count = 0
        settings.INITIAL_NO_AUTH_ACTION_COUNT = 0

    def reset(self):
        """Drops every secret and parameter, the faults and the call log; the IAM identities stay."""
        # BackendDict.reset() would reset every service, IAM included; reset each regional backend instead.
        for backends in (secretsmanager_backends, ssm_backends):
            for account in backends.values():
                for backend in account.values():
                    backend.reset()
        with self.lock:
            self.faults.clear()
            self.calls.clear()

    # --- WSGI --------------------------------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        path = environ.get("PATH_INFO", "")
        if path.startswith("/__"):
            return self._control(environ, body, start_response)
        service, operation, region, signed = _operation(environ, body)
        fault = self._take_fault(operation, region)
        if fault and fault.get("delay_ms"):
            time.sleep(fault["delay_ms"] / 1000)
        if fault and fault.get("status"):
            self._record(environ, service, operation, region, signed, fault["status"], injected=True)
            return self._fault_response(fault, environ, start_response)
        refused = fake_accounts.refusal(_access_key_id(environ), body) if operation == "AssumeRole" else None
        if refused:
            self._record(environ, service, operation, region, signed, refused[0], injected=False)
            start_response(f"{refused[0]} Refused", [("Content-Type", "text/xml"),
                                                     ("Content-Length", str(len(refused[1])))])
            return [refused[1]]
        status_holder = {}

        def recording_start_response(status, headers, exc_info=None):
            status_holder["status"] = int(status.split(" ", 1)[0])
            return start_response(status, headers, exc_info)

        result = self.moto(environ, recording_start_response)
        self._record(environ, service, operation, region, signed, status_holder.get("status"), injected=False)
        return result

    def _take_fault(self, operation, region):
        def matches(fault):
            return fault["operation"] in ("*", operation) and fault.get("region") in (None, region)

        with self.lock:
            return take_fault(self.faults, matches)

    def _record(self, environ, service, operation, region, signed, status, injected):
        # The client's port tells connections apart, so tests can check connection reuse.
        access_key_id = _access_key_id(environ)
        principal = fake_accounts.principal(access_key_id)
        with self.lock:
            self.calls.append({"service": service, "operation": operation, "region": region, "signed": signed,
                               "status": status, "injected": injected, "client_port": environ.get("REMOTE_PORT"),
                               "user_agent": environ.get("HTTP_USER_AGENT"), "access_key_id": access_key_id,
                               "principal": principal})

    @staticmethod
    def _fault_response(fault, environ, start_response):
        code = fault.get("code", "InternalFailure")
        message = fault.get("message", "Injected fault")
        status = f"{fault['status']} Injected"
        if environ.get("HTTP_X_AMZ_TARGET"):
            payload = json.dumps({"__type": code, "message": message}).encode()
            headers = [("Content-Type", "application/x-amz-json-1.1")]
        else:
            kind = "Sender" if 400 <= fault["status"] < 500 else "Receiver"
            payload = (f"<ErrorResponse><Error><Type>{kind}</Type><Code>{code}</Code><Message>{message}</Message>"
                       "</Error><RequestId>injected</RequestId></ErrorResponse>").encode()
            headers = [("Content-Type", "text/xml")]
        headers.append(("x-amzn-RequestId", "injected-fault"))
        start_response(status, headers + [("Content-Length", str(len(payload)))])
        return [payload]

    def _control(self, environ, body, start_response):
        method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
        answer = {}
        if path == "/__faults" and method == "POST":
            fault = json.loads(body or b"{}")
            if "operation" not in fault:
                return self._json(start_response, 400, {"error": "a fault needs an operation"})
            with self.lock:
                self.faults.append(fault)
        elif path == "/__faults" and method == "DELETE":
            with self.lock:
                self.faults.clear()
        elif path == "/__faults":
            with self.lock:
                answer = {"faults": list(self.faults)}
        elif path == "/__calls" and method == "DELETE":
            with self.lock:
                self.calls.clear()
        elif path == "/__calls":
            with self.lock:
                answer = {"calls": list(self.calls)}
        elif path == "/__acm/renew" and method == "POST":
            request = json.loads(body or b"{}")
            answer = {"serial": fake_acm.renew(request["arn"], request.get("region", "us-east-1"),
                                               request.get("account", ACCOUNT))}
        elif path == "/__reset" and method == "POST":
            self.reset()
        else:
            return self._json(start_response, 404, {"error": f"unknown control endpoint {method} {path}"})
        return self._json(start_response, 200, answer)

    @staticmethod
    def _json(start_response, status, payload):
        data = json.dumps(payload).encode()
        start_response(f"{status} X", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]
