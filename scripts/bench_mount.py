# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The performance benchmark: mount latency, AWS calls per mount, throughput, CPU time, memory and start-up time of
the provider against the fake AWS with a per-call latency injected, each next to the incumbent's modelled figure.

    python3 scripts/bench_mount.py PROVIDER_BIN [--latency-ms 20] [--runs 30]

The incumbent (AWS's Go provider) fetches sequentially: a mount costs one
AssumeRoleWithWebIdentity per region plus, per region, one GetSecretValue per Secrets Manager object and one
GetParameters per 10 parameters, one after another, so its latency is modelled as calls x injected latency; it has
no cache, so a remount costs the same. Cold mounts (a new identity: service account lookup, STS, fetch) are spaced
to stay under the Kubernetes client's default rate limit (--qps 5), as new identities on one node are. Mounts are
timed over one gRPC connection, as the driver keeps one per provider for its whole life.

Last, the two --volume-layout values side by side (two providers taking turns, no injected latency, values cached,
targets on a tmpfs when the benchmark runs as root): a first mount into an empty volume and a warm remount. And values
as people store them: a warm remount of a 64 KiB secret decoded from base64 and of a 200-key JSON secret with
mountAllKeys, each next to the same secret mounted as stored. And wildcards (scripts/bench_mount_wildcards.py): a
200-parameter path and 100 secrets by prefix, cold and warm, next to the same objects listed one by one. And
templates (scripts/bench_mount_templates.py): a warm remount of 5 JSON secrets with 10 template entries next to the
same secrets alone.
"""

import argparse
import base64
import concurrent.futures
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tests", "e2e"))

import driver  # noqa: E402
import mountkit  # noqa: E402
from bench_mount_templates import compare_templates, print_templates  # noqa: E402
from bench_mount_wildcards import compare_wildcards, print_rows  # noqa: E402

REGIONS = ("us-east-1", "us-west-2")
TARGETS = {"cold 50 SM, 1 region": 100.0, "warm 50 SM, 1 region": 5.0}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def start_rig():
    rig = subprocess.Popen([sys.executable, os.path.join(ROOT, "Tests", "rig", "rig.py"), "--stop-on-stdin-eof"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return rig, json.loads(rig.stdout.readline())


class Provider:
    def __init__(self, binary, rig, *flags):
        self.directory = tempfile.mkdtemp(prefix="bench-mount-", dir="/tmp")
        extra = os.environ.get("BENCH_PROVIDER_FLAGS", "").split()
        arguments = mountkit.provider_arguments(self.directory, rig, "--health-addr=", "--metrics-addr=",
                                                "--reconcile-interval=0", *extra, *flags)
        self.log = open(os.path.join(self.directory, "provider.log"), "w")
        self.socket = os.path.join(self.directory, "aws.sock")
        started = time.monotonic()
        self.process = subprocess.Popen([binary, f"--provider-volume={self.directory}", *arguments],
                                        env=mountkit.provider_environment(rig), stdout=subprocess.DEVNULL,
                                        stderr=self.log)
        while True:
            try:
                if os.path.exists(self.socket):
                    driver.version(self.socket, timeout=1)
                    break
            except Exception:  # noqa: BLE001  (not serving yet)
                pass
            if time.monotonic() - started > 30:
                raise SystemExit("the provider did not start")
            time.sleep(0.002)
        self.ready_ms = (time.monotonic() - started) * 1000

    def status(self, key):
        with open(f"/proc/{self.process.pid}/status") as handle:
            for line in handle:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        return 0

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.process.returncode is not None:
            return
        self.process.terminate()
        self.process.wait(timeout=30)
        if os.environ.get("BENCH_KEEP_LOG"):
            shutil.copy(os.path.join(self.directory, "provider.log"), os.environ["BENCH_KEEP_LOG"])
        shutil.rmtree(self.directory, ignore_errors=True)


def compare_layouts(binary, rig, kit, secrets, runs):
    """Median ms of a first mount into an empty volume (every file written) and of a warm remount (nothing changed)
    of 50 Secrets Manager objects whose values are cached, for each --volume-layout; the layouts take turns, so
    both see the same machine."""
    kit.clear_faults()  # no injected latency: the files are what is measured
    # On a tmpfs, as the driver's volumes are, when this process may mount one (root); otherwise on /tmp.
    volumes = tempfile.mkdtemp(prefix="bench-volumes-", dir="/tmp")
    on_tmpfs = os.geteuid() == 0 and subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", volumes],
                                                    capture_output=True).returncode == 0
    providers = {layout: Provider(binary, rig, f"--volume-layout={layout}") for layout in ("plain", "generations")}
    ns = mountkit.unique("layout")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    request = mountkit.attributes([{"objectName": name, "objectType": "secretsmanager"} for name in secrets[:50]],
                                  namespace=ns, region=REGIONS[0])
    times = {(layout, case): [] for layout in providers for case in ("first", "warm")}
    try:
        connections = {layout: driver.channel(provider.socket) for layout, provider in providers.items()}
        for run in range(runs + 1):
            for layout, provider in providers.items():
                target = os.path.join(volumes, f"{layout}-{run}")
                os.mkdir(target)
                for case in ("first", "warm"):
                    kit.clear_calls()
                    started = time.perf_counter()
                    driver.mount(provider.socket, request, target, timeout=60, over=connections[layout])
                    if run > 0:  # the first run fills the cache
                        times[(layout, case)].append((time.perf_counter() - started) * 1000)
        for connection in connections.values():
            connection.close()
    finally:
        for provider in providers.values():
            provider.stop()
        if on_tmpfs:
            subprocess.run(["umount", volumes], check=False)
        shutil.rmtree(volumes, ignore_errors=True)
    return {key: statistics.median(values) for key, values in times.items()}, on_tmpfs


def compare_values(binary, rig, kit, runs):
    """Median ms of a warm remount of one 64 KiB secret stored as base64 (objectEncoding: base64, 48 KiB decoded)
    and of one 200-key JSON secret (mountAllKeys), each next to the same secret mounted as stored."""
    kit.clear_faults()
    provider = Provider(binary, rig)
    ns = mountkit.unique("values")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    encoded, keyed = mountkit.unique("encoded"), mountkit.unique("keyed")
    kit.secret(encoded, string=base64.b64encode(os.urandom(48 * 1024)).decode())
    kit.secret(keyed, string=json.dumps({f"key-{index:03d}": "v" * 64 for index in range(200)}))
    cases = {
        "64 KiB base64 secret, decoded": {"objectName": encoded, "objectEncoding": "base64"},
        "64 KiB base64 secret, as stored": {"objectName": encoded},
        "200-key JSON secret, mountAllKeys": {"objectName": keyed, "mountAllKeys": True},
        "200-key JSON secret, as stored": {"objectName": keyed},
    }
    times = {case: [] for case in cases}
    try:
        connection = driver.channel(provider.socket)
        targets = {}
        for case, fields in cases.items():
            targets[case] = os.path.join(provider.directory, f"values-{len(targets)}")
            os.mkdir(targets[case])
        for run in range(runs + 1):
            for case, fields in cases.items():
                request = mountkit.attributes([{"objectType": "secretsmanager", "objectAlias": "value", **fields}],
                                              namespace=ns, region=REGIONS[0])
                started = time.perf_counter()
                driver.mount(provider.socket, request, targets[case], timeout=60, over=connection)
                if run > 0:  # the first run fetches
                    times[case].append((time.perf_counter() - started) * 1000)
        connection.close()
    finally:
        provider.stop()
    return {case: statistics.median(values) for case, values in times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--latency-ms", type=float, default=20)
    parser.add_argument("--runs", type=int, default=30)
    options = parser.parse_args()
    rig_process, rig = start_rig()
    kit = mountkit.Rig(rig)
    latency = options.latency_ms
    provider = Provider(options.binary, rig)
    idle_rss = provider.status("VmRSS")
    rows = []
    try:
        # The same names in both regions: with a failoverRegion each object is asked for in both.
        secrets = [mountkit.unique("bench") for _ in range(50)]
        parameters = ["/" + mountkit.unique("bench") for _ in range(50)]
        for region in REGIONS:
            for name in secrets:
                kit.secret(name, region=region, string=f"{name} " + "v" * 200)
            for name in parameters:
                kit.parameter(name, "p" * 100, region=region)

        def spc(kind, count):
            if kind == "SM":
                return [{"objectName": name, "objectType": "secretsmanager"} for name in secrets[:count]]
            return [{"objectName": name, "objectType": "ssmparameter"} for name in parameters[:count]]

        kit.fault("*", status=0, delay_ms=latency)  # every AWS call takes the injected latency on top of its own
        target = os.path.join(provider.directory, "target")
        os.mkdir(target)
        connection = driver.channel(provider.socket)
        cases = [("SM", 1, 1), ("SM", 10, 1), ("SM", 50, 1), ("SSM", 50, 1), ("SM", 50, 2), ("SSM", 50, 2)]
        for kind, count, regions in cases:
            objects = spc(kind, count)
            extra = {"region": REGIONS[0]}
            if regions == 2:
                extra["failoverRegion"] = REGIONS[1]
            for temperature in ("cold", "warm"):
                durations, calls = [], []
                for run in range(options.runs):
                    if temperature == "cold" or run == 0:
                        # A new identity costs a service account lookup, which the Kubernetes client limits to
                        # --qps 5 (burst 10) like the incumbent's: keep cold mounts under that rate, untimed.
                        time.sleep(0.25)
                        ns = mountkit.unique("bench")
                        kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
                        if temperature == "warm":
                            driver.mount(provider.socket, mountkit.attributes(objects, namespace=ns, **extra),
                                         target, timeout=60, over=connection)
                    kit.clear_calls()
                    started = time.perf_counter()
                    driver.mount(provider.socket, mountkit.attributes(objects, namespace=ns, **extra), target,
                                 timeout=60, over=connection)
                    durations.append((time.perf_counter() - started) * 1000)
                    calls.append(len(kit.calls()))
                per_region = 1 + (count if kind == "SM" else -(-count // 10))
                incumbent_calls = per_region * regions
                incumbent_ms = incumbent_calls * latency
                name = f"{temperature} {count} {kind}, {regions} region{'s' if regions == 2 else ''}"
                rows.append((name, statistics.median(durations), percentile(durations, 0.99),
                             statistics.mean(calls), incumbent_ms, incumbent_calls))

        connection.close()

        # Throughput: 100 concurrent clients remounting (warm) for a while; CPU time per mount.
        ns = mountkit.unique("bench")
        kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
        request = mountkit.attributes(spc("SM", 10), namespace=ns, region=REGIONS[0])
        targets = []
        for index in range(100):
            path = os.path.join(provider.directory, f"t{index}")
            os.mkdir(path)
            targets.append(path)
        driver.mount(provider.socket, request, targets[0], timeout=60)
        cpu_before, mounts = provider.cpu_seconds(), 0
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=100) as pool:
            def loop(index):
                done = 0
                with driver.channel(provider.socket) as channel:
                    service_pb2, service_pb2_grpc = driver.stubs()
                    stub = service_pb2_grpc.CSIDriverProviderStub(channel)
                    message = service_pb2.MountRequest(attributes=json.dumps(request), secrets="null",
                                                       target_path=targets[index], permission="420")
                    while time.monotonic() - started < 5:
                        stub.Mount(message, timeout=30)
                        done += 1
                return done
            mounts = sum(pool.map(loop, range(100)))
        elapsed = time.monotonic() - started
        cpu_per_mount_ms = (provider.cpu_seconds() - cpu_before) / mounts * 1000
        peak_rss = provider.status("VmHWM")
        wildcard_runs = min(options.runs, 10)
        wildcards = compare_wildcards(provider, rig, kit, wildcard_runs, latency, REGIONS[0])
        template_runs = max(options.runs, 50)
        templates = compare_templates(provider, rig, kit, template_runs, REGIONS[0])
        provider.stop()
        layouts, on_tmpfs = compare_layouts(options.binary, rig, kit, secrets, max(options.runs, 100))
        values = compare_values(options.binary, rig, kit, max(options.runs, 50))
    finally:
        provider.stop()
        rig_process.stdin.close()
        rig_process.wait(timeout=30)

    print(f"Mount latency with {latency:g} ms injected per AWS call ({options.runs} runs each; ms)")
    print(f"{'case':<28} {'median':>8} {'p99':>8} {'calls':>6} {'incumbent':>10} {'calls':>6} {'ratio':>7}  target")
    for name, median, p99, calls, incumbent_ms, incumbent_calls in rows:
        target = TARGETS.get(name)
        verdict = "" if target is None else f"<= {target:g} ms: {'met' if median <= target else 'MISSED'}"
        print(f"{name:<28} {median:>8.1f} {p99:>8.1f} {calls:>6.1f} {incumbent_ms:>10.0f} {incumbent_calls:>6} "
              f"{incumbent_ms / max(median, 0.001):>6.0f}x  {verdict}")
    print(f"throughput: {mounts / elapsed:.0f} warm mounts/s of 10 objects at 100 concurrent clients "
          f"(incumbent model: 100 / ((1 + 10) x {latency:g} ms) = {100 / (11 * latency / 1000):.0f}/s)")
    print(f"provider CPU time per warm mount: {cpu_per_mount_ms:.2f} ms")
    print(f"resident memory: {idle_rss / 1024:.1f} MiB idle (target <= 30), {peak_rss / 1024:.1f} MiB at peak")
    print(f"ready to serve: {provider.ready_ms:.0f} ms after start (target <= 200)")
    for case, what in (("first", "first mount into an empty volume"), ("warm", "warm remount, nothing changed")):
        plain, generations = layouts[("plain", case)], layouts[("generations", case)]
        print(f"volume layout, 50 cached Secrets Manager objects, {what} ({'tmpfs' if on_tmpfs else '/tmp'}): "
              f"plain {plain:.2f} ms, generations "
              f"{generations:.2f} ms ({(generations / plain - 1) * 100:+.0f} %, target within 10 %)")
    for case, median in values.items():
        print(f"warm remount of one {case}: {median:.2f} ms")
    print_rows(wildcards, latency, wildcard_runs)
    print_templates(templates, template_runs)


if __name__ == "__main__":
    main()
