# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The wildcard part of scripts/bench_mount.py: a cold and a warm mount of a 200-parameter SSM path (`/path/*`) and of
100 Secrets Manager secrets by prefix (`prefix/*`), with the injected latency on every AWS call, each next to the same
objects listed one by one in the class; median ms and AWS calls per mount."""

import os
import statistics
import time

import driver
import mountkit

PARAMETERS, SECRETS = 200, 100


def _seed(kit, region):
    """A path of 200 parameters and a prefix of 100 secrets; returns the two wildcard objects and the same objects
    listed one by one."""
    root, prefix = "/" + mountkit.unique("wild"), mountkit.unique("wild") + "/"
    names = [f"{root}/p{index:03d}" for index in range(PARAMETERS)]
    secrets = [f"{prefix}s{index:03d}" for index in range(SECRETS)]
    for name in names:
        kit.parameter(name, "p" * 100, region=region)
    for name in secrets:
        kit.secret(name, region=region, string="s" * 200)
    return {
        f"{PARAMETERS} SSM parameters": ([{"objectName": f"{root}/*", "objectType": "ssmparameter"}],
                                        [{"objectName": name, "objectType": "ssmparameter"} for name in names]),
        f"{SECRETS} SM secrets": ([{"objectName": prefix + "*", "objectType": "secretsmanager"}],
                                 [{"objectName": name, "objectType": "secretsmanager"} for name in secrets]),
    }


def compare_wildcards(provider, rig, kit, runs, latency, region):
    """[(case, how, temperature, median ms, mean calls)] for each case listed by a wildcard and one by one, cold (a
    new identity: nothing cached) and warm (the same identity again within the cache window)."""
    kit.clear_faults()
    cases = _seed(kit, region)
    kit.fault("*", status=0, delay_ms=latency)
    target = os.path.join(provider.directory, "wildcards")
    os.mkdir(target)
    rows = []
    connection = driver.channel(provider.socket)
    try:
        for case, (wildcard, listed) in cases.items():
            for how, objects in (("wildcard", wildcard), ("listed one by one", listed)):
                for temperature in ("cold", "warm"):
                    durations, calls = [], []
                    for run in range(runs):
                        if temperature == "cold" or run == 0:
                            time.sleep(0.25)  # new identities stay under the Kubernetes client's --qps 5
                            ns = mountkit.unique("wild")
                            kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
                            if temperature == "warm":
                                driver.mount(provider.socket, mountkit.attributes(objects, namespace=ns, region=region),
                                             target, timeout=60, over=connection)
                        kit.clear_calls()
                        started = time.perf_counter()
                        driver.mount(provider.socket, mountkit.attributes(objects, namespace=ns, region=region),
                                     target, timeout=60, over=connection)
                        durations.append((time.perf_counter() - started) * 1000)
                        calls.append(len(kit.calls()))
                    rows.append((case, how, temperature, statistics.median(durations), statistics.mean(calls)))
    finally:
        connection.close()
        kit.clear_faults()
    return rows


def print_rows(rows, latency, runs):
    print(f"wildcards with {latency:g} ms injected per AWS call ({runs} runs each; median ms, AWS calls per mount; "
          "a cold mount includes the identity's AssumeRoleWithWebIdentity)")
    for case, how, temperature, median, calls in rows:
        print(f"  {temperature} {case}, {how:<18} {median:>8.1f} ms {calls:>6.1f} calls")
