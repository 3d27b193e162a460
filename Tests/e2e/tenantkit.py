# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Two tenants on one provider: the hostile classes of the security review (shared/docs/review-security-2026-12.md:
F1, F4, F5), tenant A mounting them over and over while it holds idle connections to the health and metrics ports,
and tenant B mounting a one-secret class on a steady beat.

Shared by Tests/e2e/test_tenant_limits.py and scripts/bench_tenants.py. Relies on the rig (seeded through
`mountkit.Rig`), the provider API over its Unix socket (`driver`), Linux's /proc for the provider's memory, and
loopback addresses only. Tenant A runs in a process of its own (this file run as a script, its configuration as one
JSON line on standard input, its figures as one JSON line on standard output), so that its work never holds the
interpreter lock while tenant B's mounts are timed.

    python3 Tests/e2e/tenantkit.py attack < CONFIG_JSON
"""

import errno
import json
import os
import resource
import selectors
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import driver
import mountkit
from mountkit import attributes, unique

REGION = "us-east-1"
# F1: 13 stages, 77 bytes; each stage doubles the result, whose text is 201 MB over AMPLIFIED_VALUE without a bound.
AMPLIFIER = "[a,a]" + "|[@,@]" * 12
AMPLIFIED_VALUE = json.dumps({"a": "\x01" * 4096})  # 24,585 bytes: each U+0001 is escaped as \u0001
FAN_OUT_VALUE = ("tenant-a-fan-out-value;" * 3000)[:64 * 1024]  # F5: one 64 KiB value under many aliases
SMALL_VALUE = "tenant-a-small-value"
VALUE_MARKS = ("\x01", "\\u0001", SMALL_VALUE, FAN_OUT_VALUE[:32])  # what tenant A's errors must never hold
WORK_DIRECTORY = "/dev/shm" if os.path.isdir("/dev/shm") else None  # a tmpfs, as the driver's volumes are


def same_name_objects(name, count, prefix="a"):
    """F4/F5: YAML of `count` objects of the one secret `name`, aliased `<prefix>0` ... (flow style, as the review)."""
    return "".join(f"- {{objectName: {name}, objectType: secretsmanager, objectAlias: {prefix}{index}}}\n"
                   for index in range(count))


def amplifier_objects(name, alias, entries=1):
    """F1: the 77-byte expression as `entries` jmesPath entries of the secret `name` (aliases `alias`, `alias-1` ...)"""
    paths = [{"path": AMPLIFIER, "objectAlias": alias if index == 0 else f"{alias}-{index}"}
             for index in range(entries)]
    return json.dumps([{"objectName": name, "objectType": "secretsmanager", "jmesPath": paths}])


def memory_kib(pid):
    """{VmRSS, VmHWM, RssAnon} of the process, in KiB."""
    return {key: int(value.split()[0]) for key, value in mountkit.process_status(pid).items()
            if key in ("VmRSS", "VmHWM", "RssAnon")}


class Tenant:
    """A namespace with its own service account (IRSA) and pod in the fake Kubernetes API."""

    def __init__(self, kit, rig, prefix, namespace=None):
        self.namespace = namespace or unique(prefix)
        if kit is not None:
            kit.pod(self.namespace, "app", "app", role_arn=rig["irsa_role_arn"])

    def request(self, objects, pod="app", **parameters):
        return attributes(objects, namespace=self.namespace, pod=pod, region=REGION, **parameters)


def seed_hostile_secrets(kit):
    """Tenant A's secrets: F1's amplifier input, a small secret (F4) and a 64 KiB one (F5); {role: name}."""
    names = {"amplified": unique("amp"), "small": unique("s"), "fan-out": unique("big")}
    kit.secret(names["amplified"], string=AMPLIFIED_VALUE)
    kit.secret(names["small"], string=SMALL_VALUE)
    kit.secret(names["fan-out"], string=FAN_OUT_VALUE)
    return names


CLASS_KEYS = ("F1", "F4-8000", "F4-1000", "F5")


def hostile_classes(names, nonce, keys=CLASS_KEYS):
    """(label, objects, expected gRPC status name) of the worst classes of F1, F4 and F5 (those of `keys`). `nonce`
    goes into every alias, so no class is served from the provider's plan cache: each mount costs its validation."""
    classes = {
        "F1": ("F1 77-byte jmesPath amplifier", amplifier_objects(names["amplified"], f"out{nonce}"),
               "INVALID_ARGUMENT"),
        "F4-8000": ("F4 8000 objects of one name", same_name_objects(names["small"], 8000, f"a{nonce}-"),
                    "INVALID_ARGUMENT"),
        "F4-1000": ("F4 1000 objects of one name", same_name_objects(names["small"], 1000, f"v{nonce}-"), "OK"),
        "F5": ("F5 64 KiB x 1000 aliases", same_name_objects(names["fan-out"], 1000, f"f{nonce}-"),
               "INVALID_ARGUMENT"),
    }
    return [classes[key] for key in keys]


class IdleConnections:
    """Holds up to `count` idle TCP connections spread over `ports` of 127.0.0.1, starting at most `rate` connects
    per second (non-blocking: a full accept queue delays only the connects it holds up, each given up after 5 s).
    A connection the server closes (end of file, reset, or an answer such as 408 before closing) is counted and
    opened again at the same rate; nothing is ever sent."""

    CONNECT_TIMEOUT = 5

    def __init__(self, ports, count, rate=1000):
        self.ports, self.count, self.rate = list(ports), count, rate
        self.selector = selectors.DefaultSelector()
        self.held = self.connecting = self.attempts = 0
        self.opened = self.closed_by_server = self.failed_connects = 0
        self.samples = []  # connections held, once per tick
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = count + 1024
        if soft != resource.RLIM_INFINITY and soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard),
                                                        hard))

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=10)
        for key in list(self.selector.get_map().values()):
            key.fileobj.close()
        self.selector.close()

    def _connect(self):
        connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        connection.setblocking(False)
        self.attempts += 1
        port = self.ports[self.attempts % len(self.ports)]
        if connection.connect_ex(("127.0.0.1", port)) not in (0, errno.EINPROGRESS):
            connection.close()
            self.failed_connects += 1
            return
        self.selector.register(connection, selectors.EVENT_WRITE, time.monotonic())
        self.connecting += 1

    def _drop(self, connection):
        self.selector.unregister(connection)
        connection.close()

    def _run(self):
        tick = 0.05
        while not self._stop.is_set():
            started = time.monotonic()
            for key, _ in self.selector.select(timeout=0):
                connection = key.fileobj
                if key.data is not None:  # a connect finished
                    self.connecting -= 1
                    if connection.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                        self.selector.modify(connection, selectors.EVENT_READ, None)
                        self.held += 1
                        self.opened += 1
                    else:
                        self._drop(connection)
                        self.failed_connects += 1
                    continue
                try:
                    connection.recv(4096)  # nothing is ever asked: readable means the server answered or closed
                except OSError:
                    pass
                self._drop(connection)
                self.held -= 1
                self.closed_by_server += 1
            for key in list(self.selector.get_map().values()) if self.connecting else ():
                if key.data is not None and started - key.data > self.CONNECT_TIMEOUT:
                    self._drop(key.fileobj)
                    self.connecting -= 1
                    self.failed_connects += 1
            for _ in range(min(int(self.rate * tick), self.count - self.held - self.connecting)):
                self._connect()
            self.samples.append(self.held)
            self._stop.wait(max(0.0, tick - (time.monotonic() - started)))

    def figures(self):
        steady = self.samples[len(self.samples) // 2:] or [0]
        return {"target": self.count, "held_at_end": self.held, "held_min_second_half": min(steady),
                "held_max": max(self.samples or [0]), "opened": self.opened,
                "closed_by_server": self.closed_by_server, "failed_connects": self.failed_connects}


def attack(config):
    """Tenant A: `workers` threads (its pods) mount the hostile classes in turn for `seconds`, each with a new nonce,
    while `connections` idle connections are held to the health and metrics ports. Each pod mounts into one volume
    per class, emptied after a mount that wrote files (a kubelet's retries of the same pod); with `fresh_targets`,
    every mount has a new volume instead (pods created and deleted). Returns the figures."""
    connections = IdleConnections(config["ports"], config["connections"]).start()
    tenant = Tenant(None, None, "", namespace=config["namespace"])
    work = tempfile.mkdtemp(prefix="tenant-a-", dir=WORK_DIRECTORY)
    outcomes, lock = {}, threading.Lock()
    stop_at = time.monotonic() + config["seconds"]

    def worker(number):
        if not config["classes"]:
            time.sleep(max(0.0, stop_at - time.monotonic()))
            return
        volumes = {}
        with driver.channel(config["socket"]) as channel:
            while time.monotonic() < stop_at:
                for label, objects, expected in hostile_classes(config["names"], uuid.uuid4().hex[:8],
                                                                config["classes"]):
                    if time.monotonic() >= stop_at:
                        break
                    if config.get("fresh_targets") or label not in volumes:
                        volumes[label] = tempfile.mkdtemp(dir=work)
                    target = volumes[label]
                    started = time.monotonic()
                    try:
                        driver.mount(config["socket"], tenant.request(objects, pod=f"attacker{number}"), target,
                                     timeout=config["deadline"], over=channel)
                        code = "OK"
                    except driver.grpc.RpcError as error:
                        code = error.code().name
                        if any(value in (error.details() or "") for value in VALUE_MARKS):
                            code += " (holding a secret value)"
                    elapsed = time.monotonic() - started
                    if config.get("fresh_targets"):
                        shutil.rmtree(target, ignore_errors=True)
                    else:
                        for name in os.listdir(target):
                            os.unlink(os.path.join(target, name))
                    with lock:
                        entry = outcomes.setdefault(label, {"expected": expected, "codes": {}, "seconds": []})
                        entry["codes"][code] = entry["codes"].get(code, 0) + 1
                        entry["seconds"].append(round(elapsed, 3))

    print("started", flush=True)
    threads = [threading.Thread(target=worker, args=(number,)) for number in range(config["workers"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    connections.stop()
    shutil.rmtree(work, ignore_errors=True)
    return {"mounts": outcomes, "connections": connections.figures()}


class Attacker:
    """Tenant A in a process of its own (see the module's docstring); `result()` waits for its figures."""

    def __init__(self, config, nice=0):
        # `nice`: tenant A's client runs at a lower CPU priority. On a node the attacking pods have CPU of their own
        # (their cgroups and limits); on one small test machine their client would otherwise compete with the
        # provider and tenant B's client for the same cores, which is not what is measured.
        self.process = subprocess.Popen([sys.executable, os.path.abspath(__file__), "attack"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, preexec_fn=lambda: os.nice(nice))
        self.process.stdin.write(json.dumps(config) + "\n")
        self.process.stdin.close()
        self.process.stdin = None  # so that communicate() does not flush it
        if self.process.stdout.readline().strip() != "started":
            raise AssertionError("tenant A's process did not start")

    def result(self, timeout):
        try:
            out, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"tenant A's process was still running {timeout}s later; killed")
        if self.process.returncode != 0:
            raise AssertionError(f"tenant A's process failed with {self.process.returncode}")
        return json.loads(out)

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class Victim:
    """Tenant B: mounts a one-secret class every `interval` seconds (the next one at once after a mount that took
    longer) over one channel, as the driver does; keeps every latency and every failure."""

    def __init__(self, socket_path, tenant, secret, value, interval=0.1):
        self.socket, self.interval, self.value = socket_path, interval, value.encode()
        self.request = tenant.request(json.dumps([{"objectName": secret, "objectType": "secretsmanager",
                                                   "objectAlias": "b-secret"}]), pod="victim")
        self.target = tempfile.mkdtemp(prefix="tenant-b-", dir=WORK_DIRECTORY)
        self.channel = driver.channel(socket_path)

    def run(self, seconds, deadline=30):
        """Mounts for `seconds`; returns (latencies in ms, failures as 'CODE: details')."""
        latencies, failures = [], []
        started = time.monotonic()
        due = started
        while time.monotonic() - started < seconds:
            time.sleep(max(0.0, due - time.monotonic()))
            began = time.perf_counter()
            try:
                driver.mount(self.socket, self.request, self.target, timeout=deadline, over=self.channel)
                latencies.append((time.perf_counter() - began) * 1000)
                with open(os.path.join(self.target, "b-secret"), "rb") as handle:
                    if handle.read() != self.value:
                        failures.append("OK: but the file does not hold tenant B's value")
            except driver.grpc.RpcError as error:
                latencies.append((time.perf_counter() - began) * 1000)
                failures.append(f"{error.code().name}: {error.details()}")
            due = max(due + self.interval, time.monotonic())  # a late mount delays the beat; no catching up
        return latencies, failures

    def close(self):
        self.channel.close()
        shutil.rmtree(self.target, ignore_errors=True)


class PeakMemory:
    """Samples the provider's VmRSS every 50 ms in a thread; `peak_kib()` is the larger of that and VmHWM."""

    def __init__(self, pid):
        self.pid, self.peak = pid, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.wait(0.05):
            try:
                self.peak = max(self.peak, memory_kib(self.pid)["VmRSS"])
            except OSError:
                return

    def peak_kib(self):
        self._stop.set()
        self._thread.join(timeout=5)
        return max(self.peak, memory_kib(self.pid)["VmHWM"])


def cpu_seconds(pid):
    """User and system CPU time the process has used."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def latency_figures(latencies, failures):
    p99 = statistics.quantiles(latencies, n=100, method="inclusive")[98] if len(latencies) > 1 else latencies[0]
    return {"mounts": len(latencies), "p50_ms": statistics.median(latencies), "p99_ms": p99,
            "max_ms": max(latencies), "failures": failures}


def two_tenants(kit, rig, provider, ports, quiet_seconds, attack_seconds, connections=3000, workers=2,
                classes=CLASS_KEYS, fresh_targets=False, attacker_nice=0):
    """Tenant B mounts alone for `quiet_seconds`, then for `attack_seconds` while tenant A attacks (its mounts and
    `connections` idle connections to `ports`). `provider` is a started provider (`.socket`, `.process`). Returns
    the figures: B's latencies and failures in each phase, the provider's memory and CPU, A's outcomes."""
    pid = provider.process.pid
    victim_tenant, attacker_tenant = Tenant(kit, rig, "tenant-b"), Tenant(kit, rig, "tenant-a")
    secret = unique("tenant-b")
    value = "tenant-b-value-" + uuid.uuid4().hex
    kit.secret(secret, string=value)
    names = seed_hostile_secrets(kit)
    victim = Victim(provider.socket, victim_tenant, secret, value)
    peak = PeakMemory(pid)
    try:
        victim.run(0.5)  # warm: B's identity, credentials and value
        rss_before = memory_kib(pid)["VmRSS"]
        cpu = cpu_seconds(pid)
        quiet = latency_figures(*victim.run(quiet_seconds))
        cpu_quiet, cpu = cpu_seconds(pid) - cpu, cpu_seconds(pid)
        attacker = Attacker({"socket": provider.socket, "ports": list(ports), "connections": connections,
                             "workers": workers, "classes": list(classes), "fresh_targets": fresh_targets,
                             "seconds": attack_seconds, "deadline": 10,
                             "namespace": attacker_tenant.namespace, "names": names}, nice=attacker_nice)
        try:
            attacked = latency_figures(*victim.run(attack_seconds))
            attack = attacker.result(timeout=attack_seconds + 120)
        finally:
            attacker.kill()
        cpu_attack = cpu_seconds(pid) - cpu
        alive = provider.process.poll() is None
        time.sleep(1)
        rss_after = memory_kib(pid)["VmRSS"] if alive else 0  # what the provider keeps once the attack ended
    finally:
        peak_kib = peak.peak_kib() if provider.process.poll() is None else peak.peak
        victim.close()
    return {"quiet": quiet, "attacked": attacked, "rss_before_kib": rss_before, "peak_rss_kib": peak_kib,
            "rss_after_kib": rss_after, "cpu_quiet_s": cpu_quiet, "cpu_attack_s": cpu_attack, "alive": alive,
            "attacker": attack}


if __name__ == "__main__":
    if sys.argv[1:] != ["attack"]:
        raise SystemExit(__doc__)
    print(json.dumps(attack(json.loads(sys.stdin.readline()))), flush=True)
