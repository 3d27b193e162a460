# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The rig's second AWS account, and the role trust policies moto does not check.

moto keeps one backend per account and gives the credentials of `AssumeRole` to the account of the role's ARN, so a
call signed with them reads that account's secrets and parameters. It never reads a role's trust policy, though:
anyone may assume any role. `refusal()` checks the trust policy of the role an `AssumeRole` call names, as STS does
for the statement shapes the tests use (`Effect` Allow, `Action` `sts:AssumeRole`, `Principal` `{"AWS": ARN or
[ARNs]}` naming roles, an account's root or `*`, and an optional `Condition` `{"StringEquals": {"sts:ExternalId": …}}`),
and answers a refused call as STS does: HTTP 403, `AccessDenied`, naming the caller and the role.

`principal()` names who signed a call (the IAM user, or the role behind assumed-role credentials), so the call log
shows which credentials each call used.
"""

import json
from urllib.parse import parse_qs

import boto3
from moto.iam.models import get_account_id_from, iam_backends
from moto.sts.models import sts_backends

SECOND_ACCOUNT = "210987654321"
CROSS_ACCOUNT_ROLE_ARN = f"arn:aws:iam::{SECOND_ACCOUNT}:role/rig-cross-account-role"
EXTERNAL_ID_ROLE_ARN = f"arn:aws:iam::{SECOND_ACCOUNT}:role/rig-external-id-role"
EXTERNAL_ID = "rig-external-id-4f1c9a"


def bootstrap(endpoint, trusted_role_arns, allow_all):
    """Creates the second account's user (static credentials, for seeding) and its two roles, each trusting
    `trusted_role_arns`: one without a condition, one only with `EXTERNAL_ID`. Runs while moto checks no signature.
    Returns the account's description for the rig's line."""
    def in_second_account(request, **_):
        request.headers["x-moto-account-id"] = SECOND_ACCOUNT

    iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
    iam.meta.events.register("before-sign.iam.*", in_second_account)
    iam.create_user(UserName="rig")
    iam.put_user_policy(UserName="rig", PolicyName="all", PolicyDocument=allow_all)
    key = iam.create_access_key(UserName="rig")["AccessKey"]
    for arn, condition in ((CROSS_ACCOUNT_ROLE_ARN, None),
                           (EXTERNAL_ID_ROLE_ARN, {"StringEquals": {"sts:ExternalId": EXTERNAL_ID}})):
        statement = {"Effect": "Allow", "Principal": {"AWS": list(trusted_role_arns)}, "Action": "sts:AssumeRole"}
        if condition:
            statement["Condition"] = condition
        name = arn.rsplit("/", 1)[1]
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [statement]}))
        iam.put_role_policy(RoleName=name, PolicyName="all", PolicyDocument=allow_all)
    return {"account": SECOND_ACCOUNT, "access_key_id": key["AccessKeyId"],
            "secret_access_key": key["SecretAccessKey"], "cross_account_role_arn": CROSS_ACCOUNT_ROLE_ARN,
            "external_id_role_arn": EXTERNAL_ID_ROLE_ARN, "external_id": EXTERNAL_ID}


def principal(access_key_id):
    """The ARN of the IAM user or role whose credentials `access_key_id` belongs to; None when unknown."""
    if not access_key_id:
        return None
    account = get_account_id_from(access_key_id)
    assumed = sts_backends[account]["aws"].get_assumed_role_from_access_key(access_key_id)
    if assumed:
        return assumed.role_arn
    key = iam_backends[account]["aws"].access_keys.get(access_key_id)
    if key is not None and key.user_name:
        return f"arn:aws:iam::{account}:user/{key.user_name}"
    return None


def refusal(access_key_id, body):
    """(status, XML body) refusing an `AssumeRole` call that the role's trust policy does not allow; None to let
    it through (also when the role is unknown: moto then answers as it does)."""
    form = parse_qs(body.decode("utf-8", "replace"))
    role_arn = (form.get("RoleArn") or [""])[0]
    external_id = (form.get("ExternalId") or [None])[0]
    document = _trust_policy(role_arn)
    if document is None:
        return None
    caller = principal(access_key_id) or "an unknown principal"
    if any(_allows(statement, caller, external_id) for statement in _statements(document)):
        return None
    message = f"User: {_session(access_key_id) or caller} is not authorized to perform: sts:AssumeRole on resource: {role_arn}"
    payload = ("<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
               f"<Message>{message}</Message></Error><RequestId>rig-trust</RequestId></ErrorResponse>")
    return 403, payload.encode()


def _session(access_key_id):
    """`arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION` for assumed-role credentials, as STS names such callers."""
    account = get_account_id_from(access_key_id or "")
    assumed = sts_backends[account]["aws"].get_assumed_role_from_access_key(access_key_id or "")
    if not assumed:
        return None
    return f"arn:aws:sts::{account}:assumed-role/{assumed.role_arn.rsplit('/', 1)[1]}/{assumed.session_name}"


def _trust_policy(role_arn):
    parts = role_arn.split(":", 5)
    if len(parts) != 6 or not parts[5].startswith("role/"):
        return None
    backend = iam_backends[parts[4]]["aws"]
    role = next((role for role in backend.roles.values() if role.arn == role_arn), None)
    return json.loads(role.assume_role_policy_document) if role else None


def _statements(document):
    statements = document.get("Statement", [])
    return statements if isinstance(statements, list) else [statements]


def _allows(statement, caller, external_id):
    actions = statement.get("Action", [])
    actions = actions if isinstance(actions, list) else [actions]
    principals = (statement.get("Principal") or {}).get("AWS", [])
    principals = principals if isinstance(principals, list) else [principals]
    caller_account = caller.split(":")[4] if caller.count(":") >= 5 else None
    trusted = "*" in principals or caller in principals or f"arn:aws:iam::{caller_account}:root" in principals
    wanted = (statement.get("Condition") or {}).get("StringEquals", {}).get("sts:ExternalId")
    return (statement.get("Effect") == "Allow" and "sts:AssumeRole" in actions and trusted
            and (wanted is None or wanted == external_id))
