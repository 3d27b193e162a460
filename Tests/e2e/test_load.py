# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Load: 500 concurrent mounts of a 10-object SecretProviderClass, mixed identities (IRSA in several namespaces and
Pod Identity) and regions, all succeeding, with the provider's file descriptors, threads and in-flight requests back
where they started and its memory bounded."""

import concurrent.futures
import os
import shutil
import tempfile
import threading
import time

import driver
import mountkit
from mountkit import attributes, pod_identity_tokens, read_tree, unique

MOUNTS = 500
REGIONS = ("us-east-1", "eu-west-1")


def _status(pid):
    with open(f"/proc/{pid}/status") as handle:
        fields = dict(line.split(":", 1) for line in handle if ":" in line)
    return {key: fields[key].strip() for key in ("VmRSS", "VmHWM", "RssAnon", "Threads")}


def _kib(text):
    return int(text.split()[0])


def _descriptors(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def _settled(measure, limit, seconds=30):
    """Polls `measure()` until it is at most `limit` (what is left over after the mounts winds down, which takes a
    while on a loaded machine), for `seconds` at most; returns its last value."""
    deadline = time.monotonic() + seconds
    value = measure()
    while value > limit and time.monotonic() < deadline:
        time.sleep(0.1)
        value = measure()
    return value


def test_five_hundred_concurrent_mounts(kit, rig, start_provider):
    directory = tempfile.mkdtemp(prefix="e2e-load-", dir="/tmp")
    provider = start_provider(directory, *mountkit.provider_arguments(directory, rig),
                              env=mountkit.provider_environment(rig))
    pid = provider.process.pid
    identities = []
    for index in range(8):
        ns = unique(f"load{index}")
        if index % 4 == 3:
            token = unique("load-pod-identity")
            kit.associate(token, rig["pod_identity_role_arn"])
            kit.pod(ns, "app", "app", role_arn=None)
            identities.append((ns, pod_identity_tokens(token), {"usePodIdentity": "true"}))
        else:
            kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
            identities.append((ns, None, {}))
    spcs = {}
    for region in REGIONS:
        names = [unique(f"load-{region}") for _ in range(8)]
        parameters = ["/" + unique("load-param") for _ in range(2)]
        for name in names:
            kit.secret(name, region=region, string=f"{name} value")
        for name in parameters:
            kit.parameter(name, f"{name} value", region=region)
        objects = [{"objectName": name, "objectType": "secretsmanager"} for name in names]
        objects += [{"objectName": name, "objectType": "ssmparameter"} for name in parameters]
        spcs[region] = (objects, names[0])
    targets = []
    for index in range(MOUNTS):
        path = os.path.join(directory, f"pod{index}")
        os.mkdir(path)
        targets.append(path)

    # Warm up once per identity and region, then measure the idle baseline.
    for index, (ns, tokens, extra) in enumerate(identities):
        for region in REGIONS:
            driver.mount(provider.socket, attributes(spcs[region][0], namespace=ns, tokens=tokens, region=region,
                                                     **extra), targets[0], timeout=60)
    time.sleep(0.5)
    fds_before, threads_before = _descriptors(pid), int(_status(pid)["Threads"])
    rss_before = _kib(_status(pid)["VmRSS"])
    kit.clear_calls()

    barrier = threading.Barrier(100)

    def mount(index):
        ns, tokens, extra = identities[index % len(identities)]
        region = REGIONS[index % len(REGIONS)]
        if index < 100:
            barrier.wait(timeout=60)
        # Half the mounts are fresh pods, half the driver's rotation remounts (which check AWS again).
        current = [("x", "y")] if index % 2 else ()
        request = attributes(spcs[region][0], namespace=ns, pod=f"pod{index}", tokens=tokens, region=region, **extra)
        driver.mount(provider.socket, request, targets[index], current=current, timeout=120)
        return index, region

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=MOUNTS) as pool:
        results = list(pool.map(mount, range(MOUNTS)))
    elapsed = time.monotonic() - started
    assert len(results) == MOUNTS
    for index, region in results[:: 25]:
        first = spcs[region][1]
        assert read_tree(targets[index])[first][0] == f"{first} value".encode()

    fds_after = _settled(lambda: _descriptors(pid), fds_before + 32)
    threads_after = _settled(lambda: int(_status(pid)["Threads"]), threads_before + 2)
    status = _status(pid)
    calls = kit.calls()
    print(f"{MOUNTS} concurrent mounts in {elapsed:.2f}s ({MOUNTS / elapsed:.0f}/s), {len(calls)} AWS calls; "
          f"RSS {rss_before // 1024} MiB before, {_kib(status['VmRSS']) // 1024} MiB after, peak "
          f"{_kib(status['VmHWM']) // 1024} MiB; fds {fds_before} -> {fds_after}; threads {threads_before} -> "
          f"{threads_after}")
    assert provider.metric("secrets_provider_grpc_requests_in_flight") == 0
    # Connections to AWS stay pooled (at most a few per host); nothing else may be left open.
    assert fds_after <= fds_before + 32, f"file descriptors grew from {fds_before} to {fds_after}"
    assert threads_after <= threads_before + 2
    assert _kib(status["VmHWM"]) < 400 * 1024, "peak memory above 400 MiB (debug build)"
    provider.stop()
    shutil.rmtree(directory, ignore_errors=True)


def test_finished_mounts_hold_no_memory_until_their_deadline(kit, rig, rig_provider):
    """Kubelet gives every Mount a deadline of about two minutes (grpc-timeout). A finished Mount must give back
    everything it used at once, including the timer that watched its deadline: grpc-swift's own timer (Task.sleep)
    kept about 1.7 KB per RPC until the deadline, 2.5 MiB for these 1,500 Mounts; the provider now owns the deadline
    with a timer it cancels (DeadlineTransport, CancellableSleep)."""
    provider = rig_provider()
    ns = unique("deadline")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    names = [unique("deadline") for _ in range(3)]
    for name in names:
        kit.secret(name, string=f"{name} value")
    request = attributes([{"objectName": name, "objectType": "secretsmanager"} for name in names], namespace=ns,
                         region="us-east-1")
    target = os.path.join(provider.volume, "target")
    os.mkdir(target)
    with driver.channel(provider.socket) as connection:
        for _ in range(300):  # warm: the cache, the allocator's arenas, the connection
            driver.mount(provider.socket, request, target, timeout=120, over=connection)
        before = _kib(_status(provider.process.pid)["RssAnon"])
        for _ in range(1500):
            driver.mount(provider.socket, request, target, timeout=120, over=connection)
        after = _kib(_status(provider.process.pid)["RssAnon"])
    print(f"anonymous memory {before} KiB before 1,500 Mounts with a 120 s deadline, {after} KiB after")
    assert after - before < 1024, f"{after - before} KiB held after 1,500 finished Mounts"
