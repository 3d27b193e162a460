# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""AWS calls per hour for a node of N pods x S Secrets Manager secrets, measured against the fake AWS, next to the
incumbent's modelled figure.

    python3 scripts/bench_rotation_calls.py PROVIDER_BIN [--secrets S] [--pods 1,10,100] [--identities I]
                                            [--minutes M] [--scale K]

Time runs K times faster than on a cluster (default 60: one real minute is one second here). The provider runs
with its defaults scaled the same way (--reconcile-interval 2m, --cache-ttl 30s), and a simulated driver >= 1.6
re-calls Mount for every pod once per (scaled) minute with the pod's token and no current_object_version, as
kubelet's republish does. Nothing changes in AWS meanwhile, the steady state of a node. After the first mounts the
calls of M scaled minutes are counted in the fake AWS by operation and scaled to one hour.

The incumbent's model (shared/docs/ascp-reference.md §2.10 and driver-protocol.md §3.1): driver 1.6 republish calls
Mount about once a minute per pod volume once its 2m rotation-poll quiet time has passed (in the steady state it
always has), and with no current_object_version every Mount makes one GetSecretValue per secret and one
AssumeRoleWithWebIdentity: N x 60 x (S + 1) calls per hour. With the driver 1.5 reconciler instead (every 2m, with
current_object_version): one DescribeSecret per secret and one STS call per pod per poll, N x 30 x (S + 1).
"""

import argparse
import collections
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tests", "e2e"))

import driver  # noqa: E402
import mountkit  # noqa: E402


def start_rig():
    rig = subprocess.Popen([sys.executable, os.path.join(ROOT, "Tests", "rig", "rig.py"), "--stop-on-stdin-eof"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return rig, json.loads(rig.stdout.readline())


def start_provider(binary, rig, directory, scale):
    arguments = mountkit.provider_arguments(
        directory, rig, f"--reconcile-interval={120 / scale:.3f}s", f"--cache-ttl={30 / scale:.3f}s",
        "--health-addr=", "--metrics-addr=")
    log = open(os.path.join(directory, "provider.log"), "w")
    provider = subprocess.Popen([binary, f"--provider-volume={directory}", *arguments],
                                env=mountkit.provider_environment(rig), stdout=subprocess.DEVNULL, stderr=log)
    socket_path = os.path.join(directory, "aws.sock")
    for _ in range(400):
        if os.path.exists(socket_path):
            try:
                driver.version(socket_path, timeout=1)
                return provider, socket_path
            except Exception:  # noqa: BLE001  (not serving yet)
                pass
        time.sleep(0.025)
    raise SystemExit(f"the provider did not start; see {log.name}")


def measure(binary, rig, kit, pods, secrets, identities, minutes, scale):
    """Calls per hour by operation, for `pods` pods of `identities` service accounts mounting `secrets` secrets."""
    directory = tempfile.mkdtemp(prefix="bench-rotation-", dir="/tmp")
    provider, socket_path = start_provider(binary, rig, directory, scale)
    try:
        namespaces = [mountkit.unique("bench") for _ in range(identities)]
        for namespace in namespaces:
            kit.pod(namespace, "app", "app", role_arn=rig["irsa_role_arn"])
        names = [mountkit.unique("bench-secret") for _ in range(secrets)]
        for name in names:
            kit.secret(name, string="value of " + name)
        objects = [{"objectName": name, "objectType": "secretsmanager"} for name in names]
        requests = []
        for pod in range(pods):
            target = os.path.join(directory, f"pod-{pod}")
            os.mkdir(target)
            tokens = {"sts.amazonaws.com": {"token": f"token-of-pod-{pod}", "expirationTimestamp": ""}}
            attributes = mountkit.attributes(objects, namespace=namespaces[pod % identities], pod=f"pod-{pod}",
                                             region="us-east-1", tokens=tokens)
            requests.append((attributes, target))
        with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(lambda request: driver.mount(socket_path, *request, timeout=60), requests))

        # The steady state: each pod remounted once per scaled minute, spread over the minute, plus reconciliation.
        kit.clear_calls()
        minute = 60 / scale
        started = time.monotonic()
        stop = threading.Event()
        failures = []

        def republish():
            with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
                while not stop.is_set():
                    for index, request in enumerate(requests):
                        due = started + (index / len(requests)) * minute
                        while not stop.is_set() and time.monotonic() < due:
                            time.sleep(0.001)
                        pool.submit(remount, request)
                    started_next = started + minute * (1 + int((time.monotonic() - started) / minute))
                    while not stop.is_set() and time.monotonic() < started_next:
                        time.sleep(0.001)

        def remount(request):
            try:
                driver.mount(socket_path, *request, timeout=30)
            except Exception as error:  # noqa: BLE001  (counted and reported)
                failures.append(error)

        thread = threading.Thread(target=republish, daemon=True)
        thread.start()
        time.sleep(minutes * minute)
        stop.set()
        thread.join()
        elapsed = time.monotonic() - started
        counts = collections.Counter(call["operation"] for call in kit.calls())
        if failures:
            raise SystemExit(f"{len(failures)} remounts failed, first: {failures[0]}")
        hours = elapsed * scale / 3600
        return {operation: count / hours for operation, count in counts.items()}
    finally:
        provider.terminate()
        provider.wait(timeout=30)
        shutil.rmtree(directory, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--secrets", type=int, default=10)
    parser.add_argument("--pods", default="1,10,100")
    parser.add_argument("--identities", type=int, default=1)
    parser.add_argument("--minutes", type=float, default=10, help="scaled minutes measured per row")
    parser.add_argument("--scale", type=float, default=60)
    options = parser.parse_args()
    rig_process, rig = start_rig()
    kit = mountkit.Rig(rig)
    try:
        print(f"AWS calls per hour, {options.secrets} Secrets Manager secrets per pod, "
              f"{options.identities} service account(s), nothing rotating; reconcile 2m, cache 30s, "
              f"driver republish 60s (time x{options.scale:g}, {options.minutes:g} minutes measured per row)")
        print(f"{'pods':>5} {'ours':>9} {'incumbent 1.6':>14} {'ratio':>7} {'incumbent 1.5':>14} {'ratio':>7}   "
              "ours by operation")
        for pods in [int(value) for value in options.pods.split(",")]:
            ours = measure(options.binary, rig, kit, pods, options.secrets, min(options.identities, pods),
                           options.minutes, options.scale)
            total = sum(ours.values())
            republish = pods * 60 * (options.secrets + 1)
            reconciler = pods * 30 * (options.secrets + 1)
            detail = ", ".join(f"{operation} {rate:.0f}" for operation, rate in sorted(ours.items()))
            print(f"{pods:>5} {total:>9.0f} {republish:>14} {republish / max(total, 1):>6.0f}x "
                  f"{reconciler:>14} {reconciler / max(total, 1):>6.0f}x   {detail}", flush=True)
        print("incumbent 1.6: N x 60 remounts/h x (S GetSecretValue + 1 AssumeRoleWithWebIdentity); "
              "incumbent 1.5: N x 30 polls/h x (S DescribeSecret + 1 AssumeRoleWithWebIdentity)")
    finally:
        rig_process.stdin.close()
        rig_process.wait(timeout=30)


if __name__ == "__main__":
    main()
