# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The soak test (not in CI): a provider serving a node of pods for a long time while secrets rotate.

    python3 scripts/soak.py PROVIDER_BIN [--minutes 30] [--pods 20] [--secrets 5] [--reconcile 10s]

Against the fake AWS it mounts every pod, then until the time is up: rotates one secret every 30 s (alternating a
PutSecretValue, a Secrets Manager rotation that moves AWSCURRENT, and an SSM overwrite), re-calls Mount for each pod
once a minute as the driver does, checks after each rotation that every pod's files reach the new value within two
reconcile intervals (no Mount needed), and samples the provider's resident memory, file descriptors and threads each
minute. It prints one line a minute and a summary, and exits 1 if a rotation did not arrive, a Mount failed, or
memory or descriptors kept growing. Everything it starts stops with it.
"""

import argparse
import json
import os
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


def sample(pid):
    with open(f"/proc/{pid}/status") as handle:
        fields = dict(line.split(":", 1) for line in handle if ":" in line)
    return {"rss_mib": int(fields["VmRSS"].split()[0]) / 1024, "threads": int(fields["Threads"]),
            "fds": len(os.listdir(f"/proc/{pid}/fd"))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--pods", type=int, default=20)
    parser.add_argument("--secrets", type=int, default=5)
    parser.add_argument("--reconcile", default="10s")
    options = parser.parse_args()
    interval = float(options.reconcile.rstrip("s"))

    rig_process = subprocess.Popen([sys.executable, os.path.join(ROOT, "Tests", "rig", "rig.py"),
                                    "--stop-on-stdin-eof"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)
    rig = json.loads(rig_process.stdout.readline())
    kit = mountkit.Rig(rig)
    directory = tempfile.mkdtemp(prefix="soak-", dir="/tmp")
    arguments = mountkit.provider_arguments(directory, rig, f"--reconcile-interval={options.reconcile}",
                                            "--health-addr=", "--metrics-addr=")
    log = open(os.path.join(directory, "provider.log"), "w")
    provider = subprocess.Popen([options.binary, f"--provider-volume={directory}", *arguments],
                                env=mountkit.provider_environment(rig), stdout=subprocess.DEVNULL, stderr=log)
    socket_path = os.path.join(directory, "aws.sock")
    problems = []
    try:
        for _ in range(400):
            if os.path.exists(socket_path):
                break
            time.sleep(0.025)
        ns = mountkit.unique("soak")
        kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
        names = [mountkit.unique("soak") for _ in range(options.secrets)]
        values = {name: f"{name} v0" for name in names}
        for name in names:
            kit.secret(name, string=values[name])
        parameter = "/" + mountkit.unique("soak")
        values["param"] = "param v0"
        kit.parameter(parameter, values["param"])
        objects = [{"objectName": name, "objectType": "secretsmanager"} for name in names]
        objects.append({"objectName": parameter, "objectType": "ssmparameter", "objectAlias": "param"})
        targets = []
        for pod in range(options.pods):
            target = os.path.join(directory, f"pod{pod}")
            os.mkdir(target)
            targets.append(target)
        request = mountkit.attributes(objects, namespace=ns, region="us-east-1")
        for target in targets:
            driver.mount(socket_path, request, target, timeout=60)

        stop = threading.Event()

        def republish():
            while not stop.wait(60 / max(1, len(targets))):
                for target in targets:
                    if stop.is_set():
                        return
                    try:
                        driver.mount(socket_path, request, target, timeout=60)
                    except Exception as error:  # noqa: BLE001  (reported)
                        problems.append(f"Mount failed: {error}")
                    stop.wait(60 / len(targets))

        remounts = threading.Thread(target=republish, daemon=True)
        remounts.start()
        started = time.monotonic()
        baseline = None
        rotation, next_sample = 0, started + 60
        secrets = kit.client("secretsmanager", "us-east-1")
        print("minute  rss MiB  fds  threads  rotations  worst arrival s")
        worst = 0.0
        while time.monotonic() - started < options.minutes * 60:
            rotation += 1
            kind = rotation % 3
            if kind == 0:
                values["param"] = f"param v{rotation}"
                kit.parameter(parameter, values["param"])
                changed = "param"
            else:
                name = names[rotation % len(names)]
                values[name] = f"{name} v{rotation}"
                if kind == 1:
                    kit.rotate(name, values[name])
                else:
                    stages = secrets.describe_secret(SecretId=name)["VersionIdsToStages"]
                    current = next(version for version, labels in stages.items() if "AWSCURRENT" in labels)
                    new = secrets.put_secret_value(SecretId=name, SecretString=values[name],
                                                   VersionStages=["AWSPENDING"])["VersionId"]
                    secrets.update_secret_version_stage(SecretId=name, VersionStage="AWSCURRENT",
                                                        MoveToVersionId=new, RemoveFromVersionId=current)
                changed = name
            rotated = time.monotonic()
            while time.monotonic() - rotated < 2 * interval + 5:
                if all(open(os.path.join(t, changed)).read() == values[changed] for t in targets):
                    worst = max(worst, time.monotonic() - rotated)
                    break
                time.sleep(0.1)
            else:
                problems.append(f"rotation {rotation} of {changed} did not reach every pod in {2 * interval + 5:.0f}s")
            while time.monotonic() < rotated + 30 and time.monotonic() - started < options.minutes * 60:
                time.sleep(0.2)
                if time.monotonic() >= next_sample:
                    now = sample(provider.pid)
                    baseline = baseline or now
                    minute = int((time.monotonic() - started) / 60)
                    print(f"{minute:>6} {now['rss_mib']:>8.1f} {now['fds']:>4} {now['threads']:>8} {rotation:>10} "
                          f"{worst:>16.1f}", flush=True)
                    next_sample += 60
        stop.set()
        remounts.join(timeout=90)
        final = sample(provider.pid)
        if baseline and final["rss_mib"] > baseline["rss_mib"] * 1.5 + 10:
            problems.append(f"resident memory grew from {baseline['rss_mib']:.1f} to {final['rss_mib']:.1f} MiB")
        if baseline and final["fds"] > baseline["fds"] + 20:
            problems.append(f"file descriptors grew from {baseline['fds']} to {final['fds']}")
        print(f"{rotation} rotations, worst arrival {worst:.1f}s, final: {final}")
    finally:
        provider.send_signal(signal.SIGTERM)
        provider.wait(timeout=60)
        rig_process.stdin.close()
        rig_process.wait(timeout=30)
        shutil.rmtree(directory, ignore_errors=True)
    for problem in problems:
        print("PROBLEM:", problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
