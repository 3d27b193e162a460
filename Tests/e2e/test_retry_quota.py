# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The retry quota belongs to one identity in one region for one service, as the AWS SDKs' quota belongs to one
client: one tenant's failing calls use up its own retries, never another tenant's."""

import os
import tempfile

import pytest

import driver
from mountkit import attributes, unique


def test_one_tenants_failing_calls_leave_another_tenants_retries(rig_provider, kit, rig, target):
    """F6 of the 2026-12 review: tenant A's 60 failing calls emptied the node's one quota, and tenant B's mount with a
    single transient 500 then failed without a retry."""
    provider = rig_provider("--cache-ttl=0")
    tenant_a, tenant_b = unique("quota-a"), unique("quota-b")
    for namespace in (tenant_a, tenant_b):
        kit.pod(namespace, "app", "app", role_arn=rig["irsa_role_arn"])
    value = "tenant-b-value"
    secret = unique("quota-b")
    kit.secret(secret, string=value)

    # Tenant A: 60 objects by label in us-west-2, where every GetSecretValue fails with a 500.
    kit.fault("GetSecretValue", region="us-west-2", status=500, code="InternalServiceError")
    objects = [{"objectName": unique("quota-a"), "objectType": "secretsmanager", "objectVersionLabel": "L"}
               for _ in range(60)]
    target_a = tempfile.mkdtemp(prefix="e2e-quota-", dir="/tmp")
    try:
        with pytest.raises(driver.grpc.RpcError):
            driver.mount(provider.socket, attributes(objects, namespace=tenant_a, region="us-west-2"), target_a,
                         timeout=60)
    finally:
        os.rmdir(target_a)
    failed = [call for call in kit.calls("GetSecretValue") if call["region"] == "us-west-2"]
    # 60 first attempts and 100 retries: tenant A's own quota (500 tokens, 5 a retry) ran dry, as it should.
    assert len(failed) == 160

    # Tenant B: one transient 500, retried from its own quota.
    kit.clear_calls()
    kit.fault("GetSecretValue", region="us-east-1", status=500, code="InternalServiceError", count=1)
    request = attributes([{"objectName": secret, "objectType": "secretsmanager"}], namespace=tenant_b,
                         region="us-east-1")
    driver.mount(provider.socket, request, target)
    with open(os.path.join(target, secret)) as mounted:
        assert mounted.read() == value
    calls = [call for call in kit.calls("GetSecretValue") if call["region"] == "us-east-1"]
    assert [call["injected"] for call in calls] == [True, False]
