# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The two-tenant benchmark (issue #16, "Must show"): does one hostile tenant slow down or break another's mounts?

    python3 scripts/bench_tenants.py PROVIDER_BIN [--quiet-seconds 30] [--attack-seconds 60] [--connections 3000]
                                     [--workers 2] [--classes F1,F4-8000,F4-1000,F5] [--fresh-targets]

One provider with default limits (only the rig's flags, --allow-non-tmpfs-targets, and loopback addresses for the
health and metrics endpoints). Tenant B (its own namespace and service account) mounts a one-secret class every
100 ms, first alone for --quiet-seconds, then for --attack-seconds while tenant A (another namespace and service
account), in a process of its own, mounts the worst classes of the security review over and over (F1's 77-byte
jmesPath amplifier, F4's 8000 objects of one name and a valid 1000-object class, F5's 64 KiB value under 1000
aliases; a new alias prefix on every mount, so no plan cache helps) from --workers pods at once and holds
--connections idle TCP connections to the health and metrics ports (opened gradually; those the provider closes
are opened again and counted).

Prints B's latency in both phases, the provider's peak memory and CPU time (it runs without the chart's 50m CPU
limit here), the idle connections held and A's mounts by outcome; exits 1 when a target is missed: attacked p99 <
2x quiet p99, no failed B mount, no A error holding one of A's secret values, peak RSS < 100 MiB (the chart's
limit). Relies on Tests/rig, Tests/e2e (conftest.Provider, mountkit, driver, tenantkit), Linux /proc, and loopback
addresses only; it stops by itself (the phases, plus a watchdog of four minutes on top).
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tests", "e2e"))

import mountkit  # noqa: E402
import tenantkit  # noqa: E402
from conftest import Provider  # noqa: E402

RATIO_TARGET, RSS_TARGET_MIB = 2.0, 100


def start_rig():
    rig = subprocess.Popen([sys.executable, os.path.join(ROOT, "Tests", "rig", "rig.py"), "--stop-on-stdin-eof"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return rig, json.loads(rig.stdout.readline())


def report(figures, options):
    """Prints the table; returns the targets missed."""
    quiet, attacked, attack = figures["quiet"], figures["attacked"], figures["attacker"]
    ratio = attacked["p99_ms"] / quiet["p99_ms"]
    failures = len(quiet["failures"]) + len(attacked["failures"])
    peak_mib = figures["peak_rss_kib"] / 1024
    leaks = sum(count for entry in attack["mounts"].values() for code, count in entry["codes"].items()
                if "secret value" in code)
    print(f"Two tenants on one provider (default limits): B mounts one secret every 100 ms; A attacks from "
          f"{options.workers} threads with {options.connections} idle connections (its client at nice "
          f"{options.attacker_nice})")
    print(f"{'tenant B':<28} {'mounts':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'failed':>7} "
          f"{'provider CPU s':>15}")
    for name, phase, cpu in ((f"quiet ({options.quiet_seconds:g} s)", quiet, figures["cpu_quiet_s"]),
                             (f"under attack ({options.attack_seconds:g} s)", attacked, figures["cpu_attack_s"])):
        print(f"{name:<28} {phase['mounts']:>7} {phase['p50_ms']:>8.1f} {phase['p99_ms']:>8.1f} "
              f"{phase['max_ms']:>8.1f} {len(phase['failures']):>7} {cpu:>15.2f}")
    connections = attack["connections"]
    print(f"idle connections (health + metrics): {connections['held_max']} held at most, "
          f"{connections['held_min_second_half']} at least in the second half, {connections['held_at_end']} at the "
          f"end of {connections['target']} wanted; {connections['opened']} opened, {connections['closed_by_server']} "
          f"closed by the provider, {connections['failed_connects']} connects failed")
    print(f"{'tenant A class':<34} {'mounts':>7} {'median s':>9} {'max s':>7}  outcomes (expected)")
    for label, entry in attack["mounts"].items():
        seconds = sorted(entry["seconds"])
        outcomes = ", ".join(f"{code} {count}" for code, count in sorted(entry["codes"].items()))
        print(f"{label:<34} {len(seconds):>7} {seconds[len(seconds) // 2]:>9.3f} {seconds[-1]:>7.3f}  {outcomes} "
              f"({entry['expected']})")
    rows = [(f"B's p99 under attack / quiet p99 = {attacked['p99_ms']:.1f} / {quiet['p99_ms']:.1f} ms",
             f"{ratio:.2f}x", f"< {RATIO_TARGET:g}x", ratio < RATIO_TARGET),
            ("B's failed mounts", f"{failures}", "0", failures == 0),
            ("A's errors holding one of its secret values", f"{leaks}", "0", leaks == 0),
            (f"provider peak RSS (VmHWM; VmRSS {figures['rss_before_kib'] / 1024:.1f} MiB before the attack, "
             f"{figures['rss_after_kib'] / 1024:.1f} after)",
             f"{peak_mib:.1f} MiB", f"< {RSS_TARGET_MIB} MiB", peak_mib < RSS_TARGET_MIB),
            ("provider alive at the end", str(figures["alive"]), "True", figures["alive"])]
    print(f"{'target':<72} {'measured':>10} {'wanted':>10}")
    for name, measured, wanted, met in rows:
        print(f"{name:<72} {measured:>10} {wanted:>10}  {'met' if met else 'MISSED'}")
    for failure in (quiet["failures"] + attacked["failures"])[:5]:
        print(f"B failure: {failure[:300]}")
    return [name for name, _, _, met in rows if not met]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--quiet-seconds", type=float, default=30)
    parser.add_argument("--attack-seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--classes", default=",".join(tenantkit.CLASS_KEYS),
                        help=f"tenant A's classes, comma-separated (default: all of {', '.join(tenantkit.CLASS_KEYS)})")
    parser.add_argument("--fresh-targets", action="store_true",
                        help="every mount of tenant A into a new volume (pods created and deleted), not its pods' own")
    parser.add_argument("--attacker-nice", type=int, default=10,
                        help="CPU priority (nice) of tenant A's client process: on a node the attacking pods have CPU "
                             "of their own; on this small machine their client would compete with the provider "
                             "(default 10; 0 for none)")
    options = parser.parse_args()

    def watchdog(*_):
        raise SystemExit("bench_tenants: stopped by its watchdog")

    signal.signal(signal.SIGALRM, watchdog)
    signal.alarm(int(options.quiet_seconds + options.attack_seconds) + 240)
    rig_process, rig = start_rig()
    directory = tempfile.mkdtemp(prefix="bench-tenants-", dir="/tmp")
    provider = None
    try:
        ports = [mountkit.free_port(), mountkit.free_port()]
        # Default limits: nothing but the rig's flags (which include --allow-non-tmpfs-targets) and the addresses.
        arguments = mountkit.provider_arguments(directory, rig, f"--health-addr=127.0.0.1:{ports[0]}",
                                                f"--metrics-addr=127.0.0.1:{ports[1]}")
        provider = Provider(os.path.abspath(options.binary), directory, arguments,
                            mountkit.provider_environment(rig)).wait_ready()
        figures = tenantkit.two_tenants(mountkit.Rig(rig), rig, provider, ports, options.quiet_seconds,
                                        options.attack_seconds, options.connections, options.workers,
                                        options.classes.split(",") if options.classes else [], options.fresh_targets,
                                        options.attacker_nice)
    finally:
        signal.alarm(0)
        if provider is not None:
            try:
                provider.stop()
            except subprocess.TimeoutExpired:
                provider.stop(signal.SIGKILL)
        rig_process.stdin.close()
        rig_process.wait(timeout=30)
        shutil.rmtree(directory, ignore_errors=True)
    missed = report(figures, options)
    if missed:
        print(f"MISSED: {'; '.join(missed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
