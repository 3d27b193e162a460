# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""AWS calls per hour for a node of N pods x S Secrets Manager secrets, measured against the fake AWS, next to the
incumbent's modelled figure.

    python3 scripts/bench_rotation_calls.py PROVIDER_BIN [--secrets S] [--pods 1,10,100] [--identities I]
                                            [--minutes M] [--scale K] [--reconcile 2m] [--cache-ttl 30s]

Time runs K times faster than on a cluster (default 60: one real minute is one second here). The provider runs with
--reconcile-interval and --cache-ttl (defaults 2m and 30s) divided by K, and a simulated driver >= 1.6 re-calls Mount
for every pod once per scaled minute, each pod at its own offset within the minute, with the pod's token and no
current_object_version, as kubelet's republish does. The pods are spread over I service accounts (namespaces; default
1). Nothing changes in AWS meanwhile: the steady state of a node. After the first mounts, the calls of M scaled
minutes are counted in the fake AWS by operation and scaled to one hour.

Credentials last an hour (STS's default session) and the provider refreshes them 5 minutes early, so a scaled run
(M minutes) sees no refresh: ours adds the modelled I x 60/55 AssumeRoleWithWebIdentity per hour.

The incumbent's model (AWS's Go provider and the Secrets Store CSI driver, as their code behaves):
  driver 1.6: kubelet republishes every volume about once a minute (60-90 s); the driver's --rotation-poll-interval
    (2m) is a quiet time after the mount root's last *write*, which in the steady state is long past, so every
    republish reaches the provider. The request carries no current_object_version, so every Mount makes one
    GetSecretValue per secret and one AssumeRoleWithWebIdentity (one per region per mount):
    N x 60 x (S + 1) calls per hour (N x 40 x (S + 1) at a 90 s republish).
  driver 1.5: the rotation reconciler remounts every volume every 2m with current_object_version: one DescribeSecret
    per secret (GetSecretValue only for a changed one) and one AssumeRoleWithWebIdentity: N x 30 x (S + 1).
"""

import argparse
import collections
import concurrent.futures
import ctypes
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tests", "e2e"))

import driver  # noqa: E402
import mountkit  # noqa: E402

STS_PER_IDENTITY_HOUR = 60 / 55  # 1h sessions refreshed 5 minutes before they expire


def _die_with_us():
    """In the child before exec: SIGTERM when this process dies, however it dies."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def go_seconds(value):
    """Seconds of a Go duration made of h, m, s and ms terms ("2m", "1m30s", "500ms")."""
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
    terms = re.findall(r"(\d+(?:\.\d+)?)(ms|h|m|s)", value)
    if not terms or "".join(number + unit for number, unit in terms) != value:
        raise argparse.ArgumentTypeError(f"not a Go duration: {value!r}")
    return sum(float(number) * units[unit] for number, unit in terms)


def start_rig():
    rig = subprocess.Popen([sys.executable, os.path.join(ROOT, "Tests", "rig", "rig.py"), "--stop-on-stdin-eof"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = rig.stdout.readline()
    if not line:
        rig.wait(timeout=30)
        raise SystemExit("the test rig did not start")
    return rig, json.loads(line)


def start_provider(binary, rig, directory, reconcile, cache_ttl):
    arguments = mountkit.provider_arguments(
        directory, rig, f"--reconcile-interval={reconcile * 1000:.0f}ms", f"--cache-ttl={cache_ttl * 1000:.0f}ms",
        "--health-addr=", "--metrics-addr=")
    log = open(os.path.join(directory, "provider.log"), "w")
    provider = subprocess.Popen([binary, f"--provider-volume={directory}", *arguments],
                                env=mountkit.provider_environment(rig), stdout=subprocess.DEVNULL, stderr=log,
                                preexec_fn=_die_with_us)
    socket_path = os.path.join(directory, "aws.sock")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and provider.poll() is None:
        if os.path.exists(socket_path):
            try:
                driver.version(socket_path, timeout=1)
                return provider, socket_path
            except Exception:  # noqa: BLE001  (not serving yet)
                pass
        time.sleep(0.025)
    stop(provider)
    with open(log.name) as text:
        raise SystemExit(f"the provider did not start:\n{text.read()[-2000:]}")


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def measure(binary, rig, kit, pods, secrets, identities, minutes, scale, reconcile, cache_ttl):
    """(calls per hour by operation, remounts per hour achieved) for `pods` pods of `identities` service accounts
    mounting the same `secrets` secrets."""
    directory = tempfile.mkdtemp(prefix="bench-rotation-", dir="/tmp")
    provider = None
    try:
        provider, socket_path = start_provider(binary, rig, directory, reconcile / scale, cache_ttl / scale)
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

        # The steady state: each pod remounted once per scaled minute at its own offset, plus reconciliation.
        kit.clear_calls()
        minute = 60 / scale
        stopping = threading.Event()
        failures, done = [], []

        def remount(request):
            try:
                driver.mount(socket_path, *request, timeout=30)
                done.append(1)
            except Exception as error:  # noqa: BLE001  (counted and reported)
                failures.append(error)

        def republish(started):
            with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
                round_number = 0
                while not stopping.is_set():
                    round_start = started + round_number * minute
                    for index, request in enumerate(requests):
                        if stopping.wait(max(0.0, round_start + index / len(requests) * minute - time.monotonic())):
                            return
                        pool.submit(remount, request)
                    round_number += 1

        started = time.monotonic()
        thread = threading.Thread(target=republish, args=(started,), daemon=True)
        thread.start()
        time.sleep(minutes * minute)
        stopping.set()
        thread.join()
        elapsed = time.monotonic() - started
        counts = collections.Counter(call["operation"] for call in kit.calls())
        if failures:
            raise SystemExit(f"{len(failures)} remounts failed, first: {failures[0]}")
        hours = elapsed * scale / 3600
        return {operation: count / hours for operation, count in counts.items()}, len(done) / hours
    finally:
        if provider is not None:
            stop(provider)
        shutil.rmtree(directory, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--secrets", type=int, default=10, help="S, Secrets Manager secrets per pod (default 10)")
    parser.add_argument("--pods", default="1,10,100", help="N, comma-separated (default 1,10,100)")
    parser.add_argument("--identities", type=int, default=1,
                        help="service accounts the pods are spread over (default 1)")
    parser.add_argument("--minutes", type=float, default=10, help="scaled minutes measured per row (default 10)")
    parser.add_argument("--scale", type=float, default=60, help="how much faster time runs (default 60)")
    parser.add_argument("--reconcile", type=go_seconds, default=go_seconds("2m"),
                        help="the real --reconcile-interval (default 2m)")
    parser.add_argument("--cache-ttl", type=go_seconds, default=go_seconds("30s"),
                        help="the real --cache-ttl (default 30s)")
    options = parser.parse_args()
    # SIGTERM ends the run like Ctrl-C, so every process started here is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    rig_process, rig = start_rig()
    kit = mountkit.Rig(rig)
    s = options.secrets
    try:
        print(f"AWS calls per hour of one node: S={s} Secrets Manager secrets per pod, the same for every pod, "
              f"{options.identities} service account(s), nothing rotating; reconcile {options.reconcile:g}s, "
              f"cache {options.cache_ttl:g}s, driver republish 60s (time x{options.scale:g}, "
              f"{options.minutes:g} minutes measured per row)")
        print(f"{'N':>4} {'S':>3} {'I':>3} {'ours':>8} {'inc. 1.6':>9} {'ratio':>7} {'inc. 1.5':>9} {'ratio':>7}"
              f" {'remounts/h':>11}   ours by operation")
        for pods in [int(value) for value in options.pods.split(",")]:
            identities = min(options.identities, pods)
            measured, remounts = measure(options.binary, rig, kit, pods, s, identities, options.minutes,
                                         options.scale, options.reconcile, options.cache_ttl)
            ours = dict(measured)
            ours["AssumeRoleWithWebIdentity"] = (ours.get("AssumeRoleWithWebIdentity", 0)
                                                 + identities * STS_PER_IDENTITY_HOUR)
            total = sum(ours.values())
            republish = pods * 60 * (s + 1)
            reconciler = pods * 30 * (s + 1)
            detail = ", ".join(f"{operation} {rate:.0f}" for operation, rate in sorted(ours.items()))
            print(f"{pods:>4} {s:>3} {identities:>3} {total:>8.0f} {republish:>9} {republish / total:>6.0f}x "
                  f"{reconciler:>9} {reconciler / total:>6.0f}x {remounts:>6.0f}/{pods * 60:<4}   {detail}",
                  flush=True)
        print("ours: measured, scaled to an hour, plus I x 60/55 AssumeRoleWithWebIdentity (1h credentials refreshed "
              "5 min early; a scaled run is too short to see it)")
        print("inc. 1.6 = N x 60 remounts/h x (S GetSecretValue + 1 AssumeRoleWithWebIdentity)   "
              "[driver >= 1.6 republish every 60 s; the 2m rotation-poll quiet time counts from the last write, "
              "long past when nothing changes]")
        print("inc. 1.5 = N x 30 polls/h x (S DescribeSecret + 1 AssumeRoleWithWebIdentity)   "
              "[driver <= 1.5 rotation reconciler every 2m with current_object_version]")
        print("remounts/h: simulated republish Mounts achieved / wanted (N x 60)")
    finally:
        rig_process.stdin.close()
        try:
            rig_process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            rig_process.kill()
            rig_process.wait()


if __name__ == "__main__":
    main()
