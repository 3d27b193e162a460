# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The fault matrix: each scenario mounts over files an earlier mount left, with a fault injected in the fake AWS,
the fake Kubernetes API, the fake Pod Identity agent or the file system, and checks the outcome AND that the volume
holds either the complete new set of files or the untouched old set, with no temporary file left over."""

import json
import os
import shutil
import subprocess
import tempfile
import threading
import time

import pytest

import driver
import mountkit
from mountkit import attributes, pod_identity_tokens, read_tree, unique

PRIMARY, FAILOVER = "us-east-1", "us-west-2"
CODES = driver.grpc.StatusCode


class Scene:
    """Four secrets and a parameter for a fresh identity (so its credentials, role and values are fetched anew),
    and a target holding the old files of the same names."""

    def __init__(self, kit, rig, target, failover=False, pod_identity=False, size=16):
        self.kit, self.target = kit, target
        self.ns = unique("fm")
        if pod_identity:
            token = unique("pod-identity-token")
            kit.associate(token, rig["pod_identity_role_arn"])
            kit.pod(self.ns, "app", "app", role_arn=None)
            tokens = pod_identity_tokens(token)
        else:
            kit.pod(self.ns, "app", "app", role_arn=rig["irsa_role_arn"])
            tokens = None
        self.names = [unique("fm-secret") for _ in range(4)]
        self.parameter = "/" + unique("fm-param")
        self.new = {}
        regions = [PRIMARY, FAILOVER] if failover else [PRIMARY]
        for region in regions:
            for name in self.names:
                value = f"{name} from {region} " + "x" * size
                kit.secret(name, region=region, string=value)
                if region == PRIMARY:
                    self.new[name] = value.encode()
            kit.parameter(self.parameter, f"parameter from {region}", region=region)
        self.new["param"] = f"parameter from {PRIMARY}".encode()
        self.failover_values = {name: f"{name} from {FAILOVER} ".encode() + b"x" * size for name in self.names}
        self.failover_values["param"] = f"parameter from {FAILOVER}".encode()
        self.old = {name: f"old {name}".encode() for name in self.new}
        for name, value in self.old.items():
            with open(os.path.join(target, name), "wb") as handle:
                handle.write(value)
        objects = [{"objectName": name, "objectType": "secretsmanager"} for name in self.names]
        objects.append({"objectName": self.parameter, "objectType": "ssmparameter", "objectAlias": "param"})
        parameters = {"region": PRIMARY}
        if failover:
            parameters["failoverRegion"] = FAILOVER
        if pod_identity:
            parameters["usePodIdentity"] = "true"
        self.request = attributes(objects, namespace=self.ns, tokens=tokens, **parameters)

    def files(self):
        return {name: contents for name, (contents, _) in read_tree(self.target).items()}

    def mount(self, provider, timeout=20):
        return driver.mount(provider.socket, self.request, self.target, timeout=timeout)

    def expect_new(self, provider, values=None, timeout=20):
        self.mount(provider, timeout)
        assert self.files() == (values or self.new)

    def expect_refused(self, provider, codes, timeout=20, contains=None):
        with pytest.raises(driver.grpc.RpcError) as failure:
            self.mount(provider, timeout)
        assert failure.value.code() in codes, failure.value.details()
        if contains:
            assert contains in failure.value.details()
        assert self.files() == self.old, "the old files were changed by a failed mount"
        return failure.value


# The provider's temporary files: a name no class can produce (`..aws-` is reserved in every path element).
TEMPORARY_PREFIX = "..aws-tmp-"


def _no_temporaries(target):
    left = [name for _, _, names in os.walk(target) for name in names if name.startswith(TEMPORARY_PREFIX)]
    assert left == [], f"temporary files left: {left}"


@pytest.fixture
def scene_target():
    path = tempfile.mkdtemp(prefix="e2e-fault-", dir="/tmp")
    yield path
    subprocess.run(["umount", "-l", path], capture_output=True)
    shutil.rmtree(path, ignore_errors=True)


# --- AWS ------------------------------------------------------------------------------------------------------------

def test_throttling_on_every_other_call(kit, rig, provider, scene_target):
    scene = Scene(kit, rig, scene_target)
    kit.fault("*", status=400, code="ThrottlingException", every=2)
    scene.expect_new(provider)
    throttled = [c for c in kit.calls() if c["injected"]]
    assert throttled, "no call was throttled"
    _no_temporaries(scene_target)


def test_server_error_bursts_are_retried(kit, rig, provider, scene_target):
    scene = Scene(kit, rig, scene_target)
    for operation in ("BatchGetSecretValue", "GetParameters", "AssumeRoleWithWebIdentity"):
        kit.fault(operation, status=500, code="InternalServiceError", count=2)
    scene.expect_new(provider)
    _no_temporaries(scene_target)


def test_server_errors_that_outlast_the_retries_fail_and_keep_the_old_files(kit, rig, provider, scene_target):
    scene = Scene(kit, rig, scene_target)
    kit.fault("GetParameters", status=503, code="ServiceUnavailable")
    error = scene.expect_refused(provider, {CODES.INTERNAL})
    assert "parameter" in error.details() or scene.parameter in error.details()
    _no_temporaries(scene_target)


def test_a_region_that_never_answers_is_cut_off_and_the_failover_region_used(kit, rig, provider, scene_target):
    scene = Scene(kit, rig, scene_target, failover=True)
    kit.fault("*", region=PRIMARY, status=0, delay_ms=15_000)
    started = time.monotonic()
    scene.expect_new(provider, values=scene.failover_values, timeout=5)
    assert time.monotonic() - started < 5, "the mount outlived its deadline"
    _no_temporaries(scene_target)


def test_a_region_that_never_answers_without_failover_ends_at_the_deadline(kit, rig, provider, scene_target):
    scene = Scene(kit, rig, scene_target)
    kit.fault("*", region=PRIMARY, status=0, delay_ms=15_000)
    started = time.monotonic()
    scene.expect_refused(provider, {CODES.DEADLINE_EXCEEDED}, timeout=3)
    assert time.monotonic() - started < 8, "the mount outlived its deadline"  # far below the 15 s delay
    _no_temporaries(scene_target)


@pytest.mark.parametrize("code", ["InvalidIdentityToken", "ExpiredTokenException"])
def test_sts_refusing_the_token(kit, rig, provider, scene_target, code):
    scene = Scene(kit, rig, scene_target)
    kit.fault("AssumeRoleWithWebIdentity", status=400, code=code)
    scene.expect_refused(provider, {CODES.PERMISSION_DENIED}, contains="AssumeRoleWithWebIdentity")
    _no_temporaries(scene_target)


def test_access_denied_on_one_secret_fails_the_mount_naming_it(kit, rig, provider, scene_target):
    scene = Scene(kit, rig, scene_target)
    kit.fault("BatchGetSecretValue", status=400, code="AccessDeniedException")
    # The batch refusal makes the provider read each secret; the third one is denied.
    kit.fault("GetSecretValue", status=400, code="AccessDeniedException", count=1)
    error = scene.expect_refused(provider, {CODES.PERMISSION_DENIED})
    assert "secretsmanager:GetSecretValue" in error.details()


# --- Pod Identity agent ---------------------------------------------------------------------------------------------

def test_pod_identity_agent_down(kit, rig, provider, scene_target):
    scene = Scene(kit, rig, scene_target, pod_identity=True)
    kit.pod_identity_fault(status=500)
    scene.expect_refused(provider, {CODES.INTERNAL, CODES.PERMISSION_DENIED, CODES.DEADLINE_EXCEEDED})
    _no_temporaries(scene_target)


def test_pod_identity_agent_slow(kit, rig, provider, scene_target):
    scene = Scene(kit, rig, scene_target, pod_identity=True)
    kit.pod_identity_fault(status=0, delay_ms=1_500, count=1)
    scene.expect_new(provider)


# --- Kubernetes API -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("status,codes", [(500, {CODES.INTERNAL}), (403, {CODES.PERMISSION_DENIED, CODES.INTERNAL})])
def test_kubernetes_api_failing(kit, rig, provider, scene_target, status, codes):
    scene = Scene(kit, rig, scene_target)
    kit.kubernetes_fault(f"/api/v1/namespaces/{scene.ns}/serviceaccounts/", status=status)
    scene.expect_refused(provider, codes, contains="service account")
    _no_temporaries(scene_target)


def test_kubernetes_api_slow(kit, rig, provider, scene_target):
    scene = Scene(kit, rig, scene_target)
    kit.kubernetes_fault(f"/api/v1/namespaces/{scene.ns}/serviceaccounts/", status=0, delay_ms=1_500, count=1)
    scene.expect_new(provider)


# --- File system ----------------------------------------------------------------------------------------------------

def _tmpfs(path, options):
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", path], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")


def test_a_full_disk_fails_the_write_and_keeps_the_old_files(kit, rig, provider, scene_target):
    _tmpfs(scene_target, "size=32k")
    scene = Scene(kit, rig, scene_target, size=9_000)
    error = scene.expect_refused(provider, {CODES.INTERNAL})
    assert "No space left" in error.details() or "ENOSPC" in error.details()
    _no_temporaries(scene_target)


def test_a_read_only_target_fails_the_write_and_keeps_the_old_files(kit, rig, provider, scene_target):
    _tmpfs(scene_target, "size=1m")
    scene = Scene(kit, rig, scene_target)
    subprocess.run(["mount", "-o", "remount,ro", scene_target], check=True)
    error = scene.expect_refused(provider, {CODES.INTERNAL})
    assert "Read-only" in error.details() or "EROFS" in error.details()


def test_the_target_removed_while_mounting(kit, rig, provider, scene_target):
    scene = Scene(kit, rig, scene_target)
    kit.fault("BatchGetSecretValue", status=0, delay_ms=3_000, count=1)
    outcome = {}

    def mount():
        try:
            scene.mount(provider)
        except driver.grpc.RpcError as error:
            outcome["error"] = error

    thread = threading.Thread(target=mount)
    thread.start()
    # Removed once the provider is fetching (the delayed call has taken its fault), before it writes.
    deadline = time.monotonic() + 30
    while any(fault.get("count") for fault in kit.faults()) and time.monotonic() < deadline:
        time.sleep(0.02)
    shutil.rmtree(scene_target)
    thread.join()
    assert outcome["error"].code() in {CODES.INTERNAL, CODES.INVALID_ARGUMENT}
    assert "target" in outcome["error"].details()
    assert not os.path.exists(scene_target), "the provider recreated a removed target"


# --- A provider killed while writing ---------------------------------------------------------------------------------

def test_sigkill_mid_write_leaves_no_partial_file_and_the_next_mount_repairs(kit, rig, provider_bin):
    directory = tempfile.mkdtemp(prefix="e2e-kill-", dir="/tmp")
    # The kubelet's layout, so that the provider's start-up sweep of the pods' volumes (--target-path-root) sees it.
    pods = os.path.join(directory, "pods")
    target = os.path.join(pods, "pod-uid", "volumes", "kubernetes.io~csi", "secrets", "mount")
    os.makedirs(target)
    with open(os.path.join(os.path.dirname(target), "vol_data.json"), "w") as handle:
        json.dump({"driverName": "secrets-store.csi.k8s.io", "volumeHandle": "csi-e2e"}, handle)
    arguments = mountkit.provider_arguments(directory, rig, f"--target-path-root={pods}")
    scene = Scene(kit, rig, target, size=60_000)
    from conftest import Provider

    kills = 0
    try:
        for delay in (0.05, 0.1, 0.15, 0.2, 0.3):
            victim = Provider(provider_bin, directory, arguments, mountkit.provider_environment(rig)).wait_ready()
            thread = threading.Thread(target=lambda: _ignore_errors(scene.mount, victim))
            thread.start()
            time.sleep(delay)
            victim.stop(signal_kill())
            kills += 1
            thread.join()
            # Every file is whole: the old one or the new one, never a mix inside a file. A temporary file of the
            # killed write may be left, under the provider's reserved name, never at a secret's name.
            files = scene.files()
            for name in [name for name in files if os.path.basename(name).startswith(TEMPORARY_PREFIX)]:
                del files[name]
            for name, contents in files.items():
                assert contents in (scene.old[name], scene.new[name]), f"{name} is partial"
        # What a write killed earlier leaves, for certain (the kills above land where they land): a temporary file
        # ten minutes old, beside a secret and in a subdirectory.
        os.makedirs(os.path.join(target, "nested"), exist_ok=True)
        planted = [os.path.join(target, TEMPORARY_PREFIX + "00000000000000ab"),
                   os.path.join(target, "nested", TEMPORARY_PREFIX + "0123456789abcdef")]
        for path in planted:
            with open(path, "wb") as handle:
                handle.write(b"half a secr")
            then = time.time() - 600
            os.utime(path, (then, then))
        # A temporary file changed in the second before a provider started may be a live writer's; these are older.
        time.sleep(2)
        survivor = Provider(provider_bin, directory, arguments, mountkit.provider_environment(rig)).wait_ready()
        try:
            # Gone at start-up, before any Mount: a pod that is never mounted again does not keep them.
            deadline = time.monotonic() + 10
            while any(os.path.exists(path) for path in planted) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not any(os.path.exists(path) for path in planted), "the start-up sweep left temporary files"
            scene.expect_new(survivor)
            _no_temporaries(target)
        finally:
            survivor.stop()
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    assert kills == 5


def signal_kill():
    import signal

    return signal.SIGKILL


def _ignore_errors(mount, provider):
    try:
        mount(provider)
    except driver.grpc.RpcError:
        pass
