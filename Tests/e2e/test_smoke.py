# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The smoke test of a binary: it starts, answers Version on its socket, serves one Mount from the test rig (a secret
and a parameter, written into the target), and exits 0 on SIGTERM with its socket removed. `make release-smoke` runs
it on the shipped release binary (scripts/build-release.sh: static stdlib, lld, packed relocations, stripped); the
e2e stage runs it on the debug build. Relies on PROVIDER_BIN and the rig fixtures of conftest.py."""

import os
import signal

import driver
from mountkit import attributes, unique


def test_starts_answers_version_mounts_and_stops_cleanly(kit, rig, rig_provider, target):
    provider = rig_provider()
    answer = driver.version(provider.socket)
    assert answer.runtime_name == "secrets-store-csi-driver-provider-aws"
    assert answer.runtime_version
    ns, secret, parameter = unique("smoke"), unique("smoke-secret"), "/" + unique("smoke-parameter")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    kit.secret(secret, string="smoke-secret-value")
    kit.parameter(parameter, "smoke-parameter-value")
    objects = [{"objectName": secret, "objectType": "secretsmanager"},
               {"objectName": parameter, "objectType": "ssmparameter", "objectAlias": "parameter"}]
    response = driver.mount(provider.socket, attributes(objects, namespace=ns, region="us-east-1"), target)
    assert sorted(version.id for version in response.object_version) == sorted([secret, "parameter"])
    with open(os.path.join(target, secret)) as handle:
        assert handle.read() == "smoke-secret-value"
    with open(os.path.join(target, "parameter")) as handle:
        assert handle.read() == "smoke-parameter-value"
    assert provider.stop(signal.SIGTERM) == 0
    assert not os.path.exists(provider.socket)
