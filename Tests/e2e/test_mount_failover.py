# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The failover contract end to end: both regions are asked concurrently; both succeed → the primary's value; the
primary fails with a non-client error and the failover succeeds → the failover's value; a client error from either
region fails the mount. Faults are injected per operation AND region."""

import driver
import pytest
from mountkit import attributes, read_tree, unique

PRIMARY, FAILOVER = "us-east-1", "us-west-2"


@pytest.fixture
def pod(kit, rig):
    ns = unique("ns")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    return ns


def _replicated(kit, string_in_primary="primary value", string_in_failover="failover value"):
    name = unique("replicated")
    kit.secret(name, region=PRIMARY, string=string_in_primary)
    kit.secret(name, region=FAILOVER, string=string_in_failover)
    return name


def _mount(provider, ns, objects, target, current=()):
    return driver.mount(provider.socket, attributes(objects, namespace=ns, region=PRIMARY, failoverRegion=FAILOVER),
                        target, current=current)


def _remount(provider, ns, objects, target, response):
    """A driver rotation remount (current versions given), which asks AWS again instead of the provider's cache."""
    return _mount(provider, ns, objects, target, [(v.id, v.version) for v in response.object_version])


def _expect_failure(provider, ns, objects, target, code):
    with pytest.raises(driver.grpc.RpcError) as failure:
        _mount(provider, ns, objects, target)
    assert failure.value.code() == code, failure.value.details()
    assert read_tree(target) == {}
    return failure.value.details()


def test_both_regions_are_asked_and_the_primary_wins(kit, provider, target, pod):
    name = _replicated(kit)
    kit.clear_calls()
    _mount(provider, pod, [{"objectName": name, "objectType": "secretsmanager"}], target)
    assert read_tree(target)[name][0] == b"primary value"
    assert sorted(c["region"] for c in kit.calls("GetSecretValue")) == [PRIMARY, FAILOVER]


@pytest.mark.parametrize("fault", [
    {"status": 500, "code": "InternalServiceError"},
    {"status": 400, "code": "ThrottlingException"},
    {"status": 503, "code": "ServiceUnavailable"},
])
def test_a_server_fault_in_the_primary_uses_the_failover_value(kit, provider, target, pod, fault):
    name = _replicated(kit)
    kit.fault("GetSecretValue", region=PRIMARY, **fault)
    response = _mount(provider, pod, [{"objectName": name, "objectType": "secretsmanager"}], target)
    assert read_tree(target)[name][0] == b"failover value"
    assert len(response.object_version) == 1


def test_a_server_fault_in_the_failover_keeps_the_primary_value(kit, provider, target, pod):
    name = _replicated(kit)
    kit.fault("GetSecretValue", region=FAILOVER, status=500, code="InternalServiceError")
    _mount(provider, pod, [{"objectName": name, "objectType": "secretsmanager"}], target)
    assert read_tree(target)[name][0] == b"primary value"


def test_a_missing_secret_in_the_primary_fails_the_mount(kit, provider, target, pod):
    name = unique("failover-only")
    kit.secret(name, region=FAILOVER, string="only in the failover region")
    details = _expect_failure(provider, pod, [{"objectName": name, "objectType": "secretsmanager"}], target,
                              driver.grpc.StatusCode.NOT_FOUND)
    assert name in details and PRIMARY in details


def test_a_client_error_in_the_failover_fails_the_mount(kit, provider, target, pod):
    name = _replicated(kit)
    kit.fault("GetSecretValue", region=FAILOVER, status=400, code="AccessDeniedException")
    details = _expect_failure(provider, pod, [{"objectName": name, "objectType": "secretsmanager"}], target,
                              driver.grpc.StatusCode.PERMISSION_DENIED)
    assert FAILOVER in details and "secretsmanager:GetSecretValue" in details


def test_server_faults_in_both_regions_fail_with_both_causes(kit, provider, target, pod):
    name = _replicated(kit)
    kit.fault("GetSecretValue", status=500, code="InternalServiceError")
    details = _expect_failure(provider, pod, [{"objectName": name, "objectType": "secretsmanager"}], target,
                              driver.grpc.StatusCode.INTERNAL)
    assert f"{PRIMARY}:" in details and f"{FAILOVER}:" in details


def test_failover_object_names_the_failover_regions_secret(kit, provider, target, pod):
    primary, other = unique("primary-name"), unique("failover-name")
    kit.secret(primary, region=PRIMARY, string="from the primary name")
    kit.secret(other, region=FAILOVER, string="from the failover name")
    objects = [{"objectName": primary, "objectType": "secretsmanager", "objectAlias": "db",
                "failoverObject": {"objectName": other}}]
    kit.clear_calls()
    first = _mount(provider, pod, objects, target)
    assert read_tree(target)["db"][0] == b"from the primary name"
    kit.fault("GetSecretValue", region=PRIMARY, status=500, code="InternalServiceError")
    _remount(provider, pod, objects, target, first)
    assert read_tree(target)["db"][0] == b"from the failover name"


def test_parameters_fail_over_too(kit, provider, target, pod):
    name = "/" + unique("param")
    kit.parameter(name, "east", region=PRIMARY)
    kit.parameter(name, "west", region=FAILOVER)
    objects = [{"objectName": name, "objectType": "ssmparameter", "objectAlias": "p"}]
    first = _mount(provider, pod, objects, target)
    assert read_tree(target)["p"][0] == b"east"
    kit.fault("GetParameters", region=PRIMARY, status=500, code="InternalServerError")
    _remount(provider, pod, objects, target, first)
    assert read_tree(target)["p"][0] == b"west"
    kit.clear_faults()
    kit.fault("GetParameters", region=FAILOVER, status=400, code="AccessDeniedException")
    with pytest.raises(driver.grpc.RpcError) as failure:
        _remount(provider, pod, objects, target, first)
    assert failure.value.code() == driver.grpc.StatusCode.PERMISSION_DENIED
    assert read_tree(target)["p"][0] == b"west"
