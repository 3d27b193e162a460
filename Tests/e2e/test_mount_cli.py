# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The `mount` subcommand: a user's local debugging tool that calls a running provider as the driver does."""

import os
import subprocess

from mountkit import read_tree, unique

SPC = """apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata: {{name: cli, namespace: {ns}}}
spec:
  provider: aws
  parameters:
    region: us-east-1
    objects: |
      - objectName: {name}
        objectType: secretsmanager
        objectAlias: secret
"""


def _run(provider_bin, provider, spc_path, target, *extra):
    return subprocess.run([provider_bin, "mount", "--socket", provider.socket, "--spc", spc_path, "--target", target,
                           *extra], capture_output=True, text=True, timeout=60)


def test_mount_subcommand_mounts_and_prints_versions(kit, provider, provider_bin, target, rig, tmp_path):
    ns, name = unique("ns"), unique("cli")
    kit.pod(ns, "debug", "app", role_arn=rig["irsa_role_arn"])
    _, version = kit.secret(name, string="from the cli")
    spc = tmp_path / "spc.yaml"
    spc.write_text(SPC.format(ns=ns, name=name))
    token = tmp_path / "token"
    token.write_text("a-web-identity-token\n")
    result = _run(provider_bin, provider, str(spc), target, "--namespace", ns, "--pod", "debug",
                  "--service-account", "app", "--token-file", str(token), "--permission", "0640")
    assert result.returncode == 0, result.stderr
    assert f"secret  version {version}" in result.stdout
    assert "from the cli" not in result.stdout
    assert read_tree(target) == {"secret": (b"from the cli", 0o640)}

    kit.clear_calls()
    again = _run(provider_bin, provider, str(spc), target, "--namespace", ns, "--service-account", "app",
                 "--token", "a-web-identity-token", "--current-version", f"secret={version}")
    assert again.returncode == 0, again.stderr
    # With --current-version the provider checks AWS again instead of answering from its cache.
    assert len(kit.calls("GetSecretValue")) == 1


def test_mount_subcommand_reports_the_providers_refusal(kit, provider, provider_bin, target, tmp_path):
    spc = tmp_path / "spc.yaml"
    spc.write_text(SPC.format(ns="default", name=unique("whatever")))
    result = _run(provider_bin, provider, str(spc), target)
    assert result.returncode == 1
    assert "permissionDenied" in result.stderr and "tokenRequests" in result.stderr
    assert read_tree(target) == {}


def test_mount_subcommand_input_errors(provider, provider_bin, target, tmp_path):
    missing = _run(provider_bin, provider, str(tmp_path / "nope.yaml"), target)
    assert missing.returncode == 2 and "cannot read --spc" in missing.stderr
    spc = tmp_path / "spc.yaml"
    spc.write_text(SPC.format(ns="default", name="x"))
    bad = _run(provider_bin, provider, str(spc), target, "--current-version", "novalue")
    assert bad.returncode != 0 and "id=version" in bad.stderr
    assert not os.listdir(target)


def test_mount_subcommand_passes_assume_role_parameters(kit, provider, provider_bin, target, rig, tmp_path):
    ns, name = unique("ns"), unique("cli-cross")
    kit.pod(ns, "debug", "app", role_arn=rig["irsa_role_arn"])
    kit.secret(name, string="from the second account", account="second")
    second = rig["second_account"]
    spc = tmp_path / "spc.yaml"
    spc.write_text(SPC.format(ns=ns, name=name).replace(
        "    region: us-east-1\n",
        f"    region: us-east-1\n    assumeRoleArn: {second['external_id_role_arn']}\n"
        f"    assumeRoleExternalId: {second['external_id']}\n    assumeRoleDurationSeconds: \"900\"\n"))
    kit.clear_calls()
    result = _run(provider_bin, provider, str(spc), target, "--namespace", ns, "--pod", "debug",
                  "--service-account", "app", "--token", "a-web-identity-token")
    assert result.returncode == 0, result.stderr
    assert read_tree(target) == {"secret": (b"from the second account", 0o644)}
    assert [c["principal"] for c in kit.calls("GetSecretValue")] == [second["external_id_role_arn"]]
