# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The test rig itself: SigV4 is really checked, faults match by operation and region, the fakes behave."""

import json
import secrets
import time
import urllib.error
import urllib.request

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"})


def _control(url, method="GET", payload=None, headers=None):
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.fixture
def aws(rig):
    _control(rig["aws"] + "/__reset", "POST", {})
    return rig


def _client(rig, service, region="us-east-1", secret=None, token=None, key=None):
    return boto3.client(service, endpoint_url=rig["aws"], region_name=region, config=NO_RETRIES,
                        aws_access_key_id=key or rig["access_key_id"],
                        aws_secret_access_key=secret or rig["secret_access_key"], aws_session_token=token)


def test_signatures_are_checked(aws):
    _client(aws, "secretsmanager").create_secret(Name="db", SecretString="s3cret")
    assert _client(aws, "secretsmanager").get_secret_value(SecretId="db")["SecretString"] == "s3cret"
    with pytest.raises(ClientError) as wrong_secret:
        _client(aws, "secretsmanager", secret="wrong").get_secret_value(SecretId="db")
    # moto answers auth errors of JSON services with an XML body, which botocore cannot parse: check the text.
    assert wrong_secret.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert "SignatureDoesNotMatch" in str(wrong_secret.value)
    with pytest.raises(ClientError) as unknown_key:
        _client(aws, "secretsmanager", key="AKIAUNKNOWN00000000").get_secret_value(SecretId="db")
    assert "InvalidClientTokenId" in str(unknown_key.value)


def test_regions_are_separate(aws):
    _client(aws, "secretsmanager", "us-west-2").create_secret(Name="west-only", SecretString="w")
    with pytest.raises(ClientError) as missing:
        _client(aws, "secretsmanager", "us-east-1").get_secret_value(SecretId="west-only")
    assert missing.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_faults_match_operation_and_region(aws):
    for region in ("us-east-1", "us-west-2"):
        _client(aws, "secretsmanager", region).create_secret(Name="db", SecretString=region)
    _control(aws["aws"] + "/__faults", "POST", {"operation": "GetSecretValue", "region": "us-west-2", "status": 500,
                                               "code": "InternalServiceError", "count": 1})
    assert _client(aws, "secretsmanager", "us-east-1").get_secret_value(SecretId="db")["SecretString"] == "us-east-1"
    with pytest.raises(ClientError) as injected:
        _client(aws, "secretsmanager", "us-west-2").get_secret_value(SecretId="db")
    assert injected.value.response["Error"]["Code"] == "InternalServiceError"
    assert injected.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    # count 1: the next call goes through
    assert _client(aws, "secretsmanager", "us-west-2").get_secret_value(SecretId="db")["SecretString"] == "us-west-2"
    calls = _control(aws["aws"] + "/__calls")[1]["calls"]
    gets = [(c["region"], c["status"], c["injected"]) for c in calls if c["operation"] == "GetSecretValue"]
    assert gets == [("us-east-1", 200, False), ("us-west-2", 500, True), ("us-west-2", 200, False)]


def test_throttling_and_delay_faults(aws):
    ssm = _client(aws, "ssm")
    ssm.put_parameter(Name="p", Value="v", Type="String")
    _control(aws["aws"] + "/__faults", "POST", {"operation": "GetParameters", "status": 400,
                                               "code": "ThrottlingException", "count": 1})
    with pytest.raises(ClientError) as throttled:
        ssm.get_parameters(Names=["p"])
    assert throttled.value.response["Error"]["Code"] == "ThrottlingException"
    _control(aws["aws"] + "/__faults", "POST", {"operation": "GetParameters", "delay_ms": 300, "count": 1})
    start = time.monotonic()
    assert ssm.get_parameters(Names=["p"])["Parameters"][0]["Value"] == "v"
    assert time.monotonic() - start >= 0.3


def test_web_identity_flow(aws):
    sts = boto3.client("sts", endpoint_url=aws["aws"], region_name="us-east-1", config=Config(signature_version=UNSIGNED))
    answer = sts.assume_role_with_web_identity(RoleArn=aws["irsa_role_arn"], RoleSessionName="test",
                                               WebIdentityToken="eyJ.fake.token")
    credentials = answer["Credentials"]
    assert credentials["AccessKeyId"].startswith("ASIA")
    _client(aws, "secretsmanager").create_secret(Name="db", SecretString="x")
    temporary = _client(aws, "secretsmanager", key=credentials["AccessKeyId"],
                        secret=credentials["SecretAccessKey"], token=credentials["SessionToken"])
    assert temporary.get_secret_value(SecretId="db")["SecretString"] == "x"
    without_token = _client(aws, "secretsmanager", key=credentials["AccessKeyId"],
                            secret=credentials["SecretAccessKey"])
    with pytest.raises(ClientError):
        without_token.get_secret_value(SecretId="db")
    calls = _control(aws["aws"] + "/__calls")[1]["calls"]
    assert any(c["service"] == "sts" and c["operation"] == "AssumeRoleWithWebIdentity" and c["region"] is None
               and not c["signed"] and c["status"] == 200 for c in calls)


def test_secret_stage_moves_update_the_default_version_and_the_batch(aws):
    sm = _client(aws, "secretsmanager")
    first = sm.create_secret(Name="rotating", SecretString="v1")["VersionId"]
    second = sm.put_secret_value(SecretId="rotating", SecretString="v2", VersionStages=["AWSPENDING"])["VersionId"]
    sm.update_secret_version_stage(SecretId="rotating", VersionStage="AWSCURRENT", MoveToVersionId=second,
                                   RemoveFromVersionId=first)
    assert sm.get_secret_value(SecretId="rotating")["SecretString"] == "v2"
    assert sm.get_secret_value(SecretId="rotating", VersionStage="AWSPREVIOUS")["SecretString"] == "v1"
    [batched] = sm.batch_get_secret_value(SecretIdList=["rotating"])["SecretValues"]
    assert (batched["VersionId"], batched["SecretString"]) == (second, "v2")
    third = sm.put_secret_value(SecretId="rotating", SecretString="v3")["VersionId"]
    [batched] = sm.batch_get_secret_value(SecretIdList=["rotating"])["SecretValues"]
    assert (batched["VersionId"], batched["SecretString"]) == (third, "v3")


def test_batch_get_secret_value_is_signed_and_complete(aws):
    sm = _client(aws, "secretsmanager")
    created = {name: sm.create_secret(Name=name, SecretString=f"{name}-1") for name in ("one", "two")}
    answer = sm.batch_get_secret_value(SecretIdList=["one", "two", "missing"])
    values = {value["Name"]: value for value in answer["SecretValues"]}
    assert set(values) == {"one", "two"}
    for name, value in values.items():
        assert (value["ARN"], value["VersionId"], value["SecretString"]) == (
            created[name]["ARN"], created[name]["VersionId"], f"{name}-1")
    assert [(e["SecretId"], e["ErrorCode"]) for e in answer["Errors"]] == [("missing", "ResourceNotFoundException")]
    with pytest.raises(ClientError) as wrong_secret:
        _client(aws, "secretsmanager", secret="wrong").batch_get_secret_value(SecretIdList=["one"])
    assert wrong_secret.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert "SignatureDoesNotMatch" in str(wrong_secret.value)
    calls = _control(aws["aws"] + "/__calls")[1]["calls"]
    batches = [(c["service"], c["region"], c["signed"], c["status"]) for c in calls
               if c["operation"] == "BatchGetSecretValue"]
    assert batches == [("secretsmanager", "us-east-1", True, 200), ("secretsmanager", "us-east-1", True, 403)]


def _web_identity_client(rig, role_arn, service="secretsmanager"):
    sts = boto3.client("sts", endpoint_url=rig["aws"], region_name="us-east-1",
                       config=Config(signature_version=UNSIGNED))
    credentials = sts.assume_role_with_web_identity(RoleArn=role_arn, RoleSessionName="rig-test",
                                                    WebIdentityToken="eyJ.fake.token")["Credentials"]
    return _client(rig, service, key=credentials["AccessKeyId"], secret=credentials["SecretAccessKey"],
                   token=credentials["SessionToken"])


def test_no_batch_role_is_denied_batch_get_secret_value_only(aws):
    assert aws["no_batch_role_arn"].endswith(":role/rig-no-batch-role")
    _client(aws, "secretsmanager").create_secret(Name="db", SecretString="x")
    denied = _web_identity_client(aws, aws["no_batch_role_arn"])
    assert denied.get_secret_value(SecretId="db")["SecretString"] == "x"
    assert _web_identity_client(aws, aws["no_batch_role_arn"], "ssm").get_parameters(Names=["none"])[
        "InvalidParameters"] == ["none"]
    with pytest.raises(ClientError) as refused:
        denied.batch_get_secret_value(SecretIdList=["db"])
    # moto's IAM layer answers 403 with an XML AccessDenied (real Secrets Manager: 400 AccessDeniedException).
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert "<Code>AccessDenied</Code>" in str(refused.value)
    assert "assumed-role/rig-no-batch-role" in str(refused.value)
    allowed = _web_identity_client(aws, aws["irsa_role_arn"])
    assert [v["SecretString"] for v in allowed.batch_get_secret_value(SecretIdList=["db"])["SecretValues"]] == ["x"]
    calls = _control(aws["aws"] + "/__calls")[1]["calls"]
    assert [c["status"] for c in calls if c["operation"] == "BatchGetSecretValue"] == [403, 200]


def _pages(call, key, **arguments):
    """Every page of a paginated listing call: (items of each page, in order)."""
    pages, token = [], None
    while True:
        answer = call(**arguments, **({"NextToken": token} if token else {}))
        pages.append(answer[key])
        token = answer.get("NextToken")
        if not token:
            return pages


def _refused(call, **arguments):
    """The message of moto's IAM refusal of a call (403, XML AccessDenied), which the call must meet."""
    with pytest.raises(ClientError) as refused:
        call(**arguments)
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert "<Code>AccessDenied</Code>" in str(refused.value)
    return str(refused.value)


def test_secret_name_filter_ignores_case_and_matches_words(aws):
    # A random first segment keeps the names of this test apart; the rest has the case and word structure the
    # provider's wildcard objects meet: AWS's name filter returns more than the exact, case-sensitive prefix.
    run = "r" + secrets.token_hex(4)
    sm = _client(aws, "secretsmanager")
    matching = [f"{run}/prod/app/a", f"{run}/PROD/APP/b", f"{run}/Prod/App/c", f"{run}/team/prod/app/d",
                f"{run}/prod/application", f"{run}/prod/app-x"]
    for name in matching + [f"{run}/production/x", f"{run}/prod/other"]:
        sm.create_secret(Name=name, SecretString=f"value of {name}")
    filters = [{"Key": "name", "Values": [f"{run}/prod/app/"]}]
    batch = sm.batch_get_secret_value(Filters=filters, MaxResults=20)
    assert sorted(v["Name"] for v in batch["SecretValues"]) == sorted(matching)
    assert all(v["SecretString"] == f"value of {v['Name']}" for v in batch["SecretValues"])
    assert not batch.get("NextToken") and batch["Errors"] == []
    assert sorted(s["Name"] for s in sm.list_secrets(Filters=filters)["SecretList"]) == sorted(matching)
    # Pages of MaxResults, joined by NextToken, hold every match once.
    pages = _pages(sm.batch_get_secret_value, "SecretValues", Filters=filters, MaxResults=4)
    assert [len(page) for page in pages] == [4, 2]
    assert sorted(v["Name"] for page in pages for v in page) == sorted(matching)
    pages = _pages(sm.list_secrets, "SecretList", Filters=filters, MaxResults=5)
    assert [len(page) for page in pages] == [5, 1]
    assert sorted(s["Name"] for page in pages for s in page) == sorted(matching)
    # Every word must be found: a name with `prod` but no word starting `app` is not matched, and negation still
    # returns exactly the names the value does not match.
    negated = [{"Key": "name", "Values": [f"!{run}/prod/app/"]}]
    assert sorted(s["Name"] for s in sm.list_secrets(Filters=negated)["SecretList"]) == sorted(
        [f"{run}/production/x", f"{run}/prod/other"])
    assert [s["Name"] for s in sm.list_secrets(Filters=[{"Key": "name", "Values": [f"{run}/team/"]}])[
        "SecretList"]] == [f"{run}/team/prod/app/d"]


def test_ssm_other_path_role_lists_only_its_path(aws):
    assert aws["ssm_other_path_role_arn"].endswith(":role/rig-ssm-other-path-role")
    seeding = _client(aws, "ssm")
    for name in ("/rig/other/a", "/rig/other/deep/b", "/rig/otherwise/c", "/app/prod/d"):
        seeding.put_parameter(Name=name, Value=name, Type="String")
    restricted = _web_identity_client(aws, aws["ssm_other_path_role_arn"], "ssm")
    allowed = _web_identity_client(aws, aws["irsa_role_arn"], "ssm")

    def names(client, path, recursive):
        pages = _pages(client.get_parameters_by_path, "Parameters", Path=path, Recursive=recursive, MaxResults=10)
        return sorted(p["Name"] for page in pages for p in page)

    for client in (restricted, allowed):
        assert names(client, "/rig/other", False) == ["/rig/other/a"]
        assert names(client, "/rig/other", True) == ["/rig/other/a", "/rig/other/deep/b"]
        assert names(client, "/rig/other/", True) == ["/rig/other/a", "/rig/other/deep/b"]
        assert names(client, "/rig/other/deep", False) == ["/rig/other/deep/b"]
        assert client.get_parameters(Names=["/app/prod/d", "/rig/otherwise/c"])["InvalidParameters"] == []
    assert names(allowed, "/app/prod", True) == ["/app/prod/d"]
    assert names(allowed, "/", True) == ["/app/prod/d", "/rig/other/a", "/rig/other/deep/b", "/rig/otherwise/c"]
    for path, recursive in (("/app/prod", False), ("/app/prod", True), ("/rig", True), ("/rig/otherwise", False),
                            ("/", True)):
        message = _refused(restricted.get_parameters_by_path, Path=path, Recursive=recursive)
        assert "assumed-role/rig-ssm-other-path-role" in message and "ssm:GetParametersByPath" in message
    calls = _control(aws["aws"] + "/__calls")[1]["calls"]
    assert [c["status"] for c in calls if c["operation"] == "GetParametersByPath"][-5:] == [403] * 5


def test_no_list_role_is_denied_filtered_batches_and_list_secrets(aws):
    assert aws["no_list_role_arn"].endswith(":role/rig-no-list-role")
    run = "r" + secrets.token_hex(4)
    _client(aws, "secretsmanager").create_secret(Name=f"{run}/db", SecretString="x")
    restricted = _web_identity_client(aws, aws["no_list_role_arn"])
    allowed = _web_identity_client(aws, aws["irsa_role_arn"])
    filters = [{"Key": "name", "Values": [f"{run}/"]}]
    for client in (restricted, allowed):
        assert [v["SecretString"] for v in client.batch_get_secret_value(SecretIdList=[f"{run}/db"])[
            "SecretValues"]] == ["x"]
        assert client.get_secret_value(SecretId=f"{run}/db")["SecretString"] == "x"
    message = _refused(restricted.batch_get_secret_value, Filters=filters, MaxResults=20)
    assert "assumed-role/rig-no-list-role" in message and "secretsmanager:ListSecrets" in message
    message = _refused(restricted.list_secrets, Filters=filters)
    assert "assumed-role/rig-no-list-role" in message and "secretsmanager:ListSecrets" in message
    assert [v["Name"] for v in allowed.batch_get_secret_value(Filters=filters, MaxResults=20)["SecretValues"]] == [
        f"{run}/db"]
    assert [s["Name"] for s in allowed.list_secrets(Filters=filters)["SecretList"]] == [f"{run}/db"]
    calls = _control(aws["aws"] + "/__calls")[1]["calls"]
    assert [(c["operation"], c["status"]) for c in calls if c["operation"] in ("BatchGetSecretValue", "ListSecrets")
            ] == [("BatchGetSecretValue", 200), ("BatchGetSecretValue", 200), ("BatchGetSecretValue", 403),
                  ("ListSecrets", 403), ("BatchGetSecretValue", 200), ("ListSecrets", 200)]


@pytest.mark.parametrize("listener", ["pod_identity", "pod_identity_ipv6"])
def test_pod_identity_agent(rig, listener):
    url = rig[listener]
    if url is None:
        pytest.skip("no IPv6 loopback on this machine")
    agent = url.rsplit("/v1/credentials", 1)[0]
    _control(agent + "/__associations", "PUT", {"pod-token": rig["pod_identity_role_arn"]})
    status, credentials = _control(url, headers={"Authorization": "pod-token"})
    assert status == 200
    assert credentials["AccessKeyId"].startswith("ASIA") and credentials["Token"]
    assert credentials["Expiration"].endswith("Z")
    status, error = _control(url, headers={"Authorization": "unknown-token"})
    assert status == 400 and error["code"] == "AccessDeniedException"


def test_fake_kubernetes_api(rig):
    base, token = rig["kubernetes"], rig["kubernetes_token"]
    _control(base + "/__reset", "POST", {})
    _control(base + "/__objects", "PUT", {"objects": [
        {"apiVersion": "v1", "kind": "ServiceAccount",
         "metadata": {"name": "app", "namespace": "prod",
                      "annotations": {"eks.amazonaws.com/role-arn": rig["irsa_role_arn"]}}},
        {"apiVersion": "v1", "kind": "Node",
         "metadata": {"name": "node-1", "labels": {"topology.kubernetes.io/region": "eu-west-1"}}},
    ]})
    auth = {"Authorization": f"Bearer {token}"}
    status, account = _control(base + "/api/v1/namespaces/prod/serviceaccounts/app", headers=auth)
    assert status == 200
    assert account["metadata"]["annotations"]["eks.amazonaws.com/role-arn"] == rig["irsa_role_arn"]
    status, missing = _control(base + "/api/v1/namespaces/prod/pods/nope", headers=auth)
    assert status == 404 and missing["reason"] == "NotFound"
    assert _control(base + "/api/v1/nodes/node-1", headers={"Authorization": "Bearer wrong"})[0] == 401
    _control(base + "/__faults", "POST", {"path": "/api/v1/nodes/", "status": 403, "count": 1})
    assert _control(base + "/api/v1/nodes/node-1", headers=auth)[0] == 403
    assert _control(base + "/api/v1/nodes/node-1", headers=auth)[0] == 200
    requests = _control(base + "/__requests")[1]["requests"]
    assert [r["status"] for r in requests] == [200, 404, 401, 403, 200]


def _assume_web_identity(rig):
    sts = boto3.client("sts", endpoint_url=rig["aws"], region_name="us-east-1", config=Config(signature_version=UNSIGNED))
    return sts.assume_role_with_web_identity(RoleArn=rig["irsa_role_arn"], RoleSessionName="pod",
                                             WebIdentityToken="eyJ.fake.token")["Credentials"]


@pytest.mark.parametrize("role, external_id, allowed", [
    ("cross_account_role_arn", None, True),
    ("external_id_role_arn", "right", True),
    ("external_id_role_arn", "wrong-id", False),
    ("external_id_role_arn", None, False),
    ("no_batch_role_arn", None, False),  # trusts web identities only
])
def test_second_account_and_trust_policies(aws, role, external_id, allowed):
    second = aws["second_account"]
    seeding = _client(aws, "secretsmanager", key=second["access_key_id"], secret=second["secret_access_key"])
    seeding.create_secret(Name="cross", SecretString="in-the-second-account")
    pod = _assume_web_identity(aws)
    sts = _client(aws, "sts", key=pod["AccessKeyId"], secret=pod["SecretAccessKey"], token=pod["SessionToken"])
    role_arn = second.get(role) or aws[role]
    extra = {"ExternalId": second["external_id"] if external_id == "right" else external_id} if external_id else {}
    if not allowed:
        with pytest.raises(ClientError) as refused:
            sts.assume_role(RoleArn=role_arn, RoleSessionName="cross", **extra)
        assert refused.value.response["Error"]["Code"] == "AccessDenied"
        assert f"assumed-role/rig-irsa-role/pod is not authorized to perform: sts:AssumeRole on resource: {role_arn}" \
            in refused.value.response["Error"]["Message"]
        return
    assumed = sts.assume_role(RoleArn=role_arn, RoleSessionName="cross", **extra)["Credentials"]
    reader = _client(aws, "secretsmanager", key=assumed["AccessKeyId"], secret=assumed["SecretAccessKey"],
                     token=assumed["SessionToken"])
    assert reader.get_secret_value(SecretId="cross")["SecretString"] == "in-the-second-account"
    own = _client(aws, "secretsmanager", key=pod["AccessKeyId"], secret=pod["SecretAccessKey"], token=pod["SessionToken"])
    with pytest.raises(ClientError):  # the pod's own role is in the first account, which has no such secret
        own.get_secret_value(SecretId="cross")
    calls = _control(aws["aws"] + "/__calls")[1]["calls"]
    principals = [(c["operation"], c["principal"]) for c in calls if c["operation"] != "AssumeRoleWithWebIdentity"]
    assert principals == [("CreateSecret", f"arn:aws:iam::{second['account']}:user/rig"),
                          ("AssumeRole", aws["irsa_role_arn"]), ("GetSecretValue", role_arn),
                          ("GetSecretValue", aws["irsa_role_arn"])]
