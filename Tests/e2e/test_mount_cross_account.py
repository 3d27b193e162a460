# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""`assumeRoleArn` end to end: a pod reads the second account's secrets and parameters through a role there that
trusts the pod's own role (IRSA or Pod Identity); the rig checks SigV4, the trust policy and the external ID."""

import driver
import grpc
import mountkit
import pytest
from mountkit import attributes, read_tree, unique

READS = ("GetSecretValue", "BatchGetSecretValue", "GetParameters", "GetParameter")


def _seed(kit, region="us-east-1"):
    secret, parameter = unique("cross-secret"), unique("cross-parameter")
    kit.secret(secret, string="secret of the second account", region=region, account="second")
    kit.parameter(parameter, "parameter of the second account", region=region, account="second")
    return [{"objectName": secret, "objectType": "secretsmanager"},
            {"objectName": parameter, "objectType": "ssmparameter"}]


def _irsa(kit, rig):
    ns = unique("ns")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    return ns, {}


def _pod_identity(kit, rig):
    ns, token = unique("ns"), unique("pod-identity-token")
    kit.pod(ns, "app", "app")
    kit.associate(token, rig["pod_identity_role_arn"])
    return ns, {"tokens": mountkit.pod_identity_tokens(token), "usePodIdentity": "true"}


@pytest.mark.parametrize("method, pod_role", [(_irsa, "irsa_role_arn"), (_pod_identity, "pod_identity_role_arn")])
def test_reads_the_second_account_as_the_assumed_role(kit, provider, target, rig, method, pod_role):
    ns, extra = method(kit, rig)
    objects = _seed(kit)
    role = rig["second_account"]["cross_account_role_arn"]
    kit.clear_calls()
    driver.mount(provider.socket, attributes(objects, namespace=ns, region="us-east-1", assumeRoleArn=role, **extra),
                 target)
    files = read_tree(target)
    assert files[objects[0]["objectName"]][0] == b"secret of the second account"
    assert files[objects[1]["objectName"]][0] == b"parameter of the second account"
    calls = kit.calls()
    assumed = [c for c in calls if c["operation"] == "AssumeRole"]
    assert [(c["signed"], c["principal"], c["region"], c["status"]) for c in assumed] == [
        (True, rig[pod_role], "us-east-1", 200)]
    reads = [c for c in calls if c["operation"] in READS]
    assert reads and all(c["signed"] and c["principal"] == role and c["status"] == 200 for c in reads)


def test_external_id_right_and_wrong(kit, provider, target, rig, tmp_path):
    ns, _ = _irsa(kit, rig)
    objects = _seed(kit)
    second = rig["second_account"]
    role = second["external_id_role_arn"]
    driver.mount(provider.socket, attributes(objects, namespace=ns, region="us-east-1", assumeRoleArn=role,
                                             assumeRoleExternalId=second["external_id"]), target)
    assert read_tree(target)[objects[0]["objectName"]][0] == b"secret of the second account"
    wrong = "not-the-agreed-external-id"
    other = mountkit.pod_targets(tmp_path, 1)[0]
    with pytest.raises(grpc.RpcError) as refused:
        driver.mount(provider.socket, attributes(objects, namespace=ns, region="us-east-1", assumeRoleArn=role,
                                                 assumeRoleExternalId=wrong), other)
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    details = refused.value.details()
    pod_role = rig["irsa_role_arn"]
    assert f"The trust policy of role {role} must allow sts:AssumeRole from {pod_role}" in details
    assert f"{pod_role}'s policy must allow sts:AssumeRole on {role}" in details
    assert "sts:ExternalId" in details and "assumeRoleExternalId" in details
    assert wrong not in details and second["external_id"] not in details
    assert read_tree(other) == {}


def test_one_assume_role_per_class_and_no_values_across_roles(kit, provider, rig, tmp_path):
    ns, _ = _irsa(kit, rig)
    objects = _seed(kit)
    second = rig["second_account"]
    refreshes = provider.metric("secrets_provider_credential_refreshes_total", source="assume_role")
    first = attributes(objects, namespace=ns, region="us-east-1", assumeRoleArn=second["cross_account_role_arn"])
    targets = mountkit.pod_targets(tmp_path, 21)
    kit.clear_calls()
    for path in targets[:20]:
        driver.mount(provider.socket, first, path)
    assert [c["operation"] for c in kit.calls() if c["operation"].startswith("AssumeRole")] == [
        "AssumeRoleWithWebIdentity", "AssumeRole"]
    assert provider.metric("secrets_provider_credential_refreshes_total", source="assume_role") == refreshes + 1
    kit.clear_calls()
    other = attributes(objects, namespace=ns, region="us-east-1", assumeRoleArn=second["external_id_role_arn"],
                       assumeRoleExternalId=second["external_id"])
    driver.mount(provider.socket, other, targets[20])
    calls = kit.calls()
    assert [c["operation"] for c in calls if c["operation"].startswith("AssumeRole")] == ["AssumeRole"]
    # The first class's cached values are not served: the second role fetches them itself.
    reads = [c for c in calls if c["operation"] in READS]
    assert reads and all(c["principal"] == second["external_id_role_arn"] for c in reads)


def test_the_failover_regions_sts_when_the_primary_one_fails(kit, provider, target, rig):
    ns, _ = _irsa(kit, rig)
    objects = _seed(kit)
    _seed_same(kit, objects, "us-west-2")
    kit.fault("AssumeRole", region="us-east-1", status=503, code="ServiceUnavailable")
    kit.clear_calls()
    driver.mount(provider.socket, attributes(objects, namespace=ns, region="us-east-1", failoverRegion="us-west-2",
                                             assumeRoleArn=rig["second_account"]["cross_account_role_arn"]), target)
    assert read_tree(target)[objects[0]["objectName"]][0] == b"secret of the second account"
    # Each region's fetches have their own chain, STS of their region first: the primary one's gets 503s (and the
    # retries') from us-east-1, then asks us-west-2; the failover region's asks us-west-2 at once.
    assumed = [(c["region"], c["status"]) for c in kit.calls("AssumeRole")]
    assert {status for region, status in assumed if region == "us-east-1"} == {503}
    assert assumed.count(("us-west-2", 200)) == 2
    primary_reads = [c for c in kit.calls() if c["operation"] in READS and c["region"] == "us-east-1"]
    assert primary_reads and all(c["status"] == 200 for c in primary_reads)


def _seed_same(kit, objects, region):
    kit.secret(objects[0]["objectName"], string="secret of the second account", region=region, account="second")
    kit.parameter(objects[1]["objectName"], "parameter of the second account", region=region, account="second")


@pytest.mark.parametrize("parameters, message", [
    ({"assumeRoleArn": "arn:aws:iam::12345:role/short-account"}, "assumeRoleArn"),
    ({"assumeRoleExternalId": "without-a-role"}, "assumeRoleExternalId"),
    ({"assumeRoleArn": "arn:aws:iam::210987654321:role/r", "assumeRoleDurationSeconds": "7200"},
     "assumeRoleDurationSeconds"),
])
def test_bad_parameters_are_refused_before_any_call(kit, provider, target, rig, parameters, message):
    ns, _ = _irsa(kit, rig)
    kit.clear_calls()
    with pytest.raises(grpc.RpcError) as refused:
        driver.mount(provider.socket, attributes([{"objectName": "x", "objectType": "secretsmanager"}],
                                                 namespace=ns, region="us-east-1", **parameters), target)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert message in refused.value.details()
    assert kit.calls() == []
