# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""SIGKILL at random instants during 1,000 rotations, watched by a reader in another process that reads every file of
the class thousands of times a second: in the generations layout (`--volume-layout=generations`, the kubelet's `..data`
scheme) no read set ever mixes two rotations, no file is ever missing, and after every restart the start-up sweep leaves
no temporary and no orphan generation. The same reader against `--volume-layout=plain` (each file renamed into place one
by one) must see mixed sets, so the check is known to bite.

The volume: one secret holding a JSON document of 16 keys, its 16 `jmesPath` files and its own file, and a second
secret, 18 files of about 2 KiB each, fetched in one BatchGetSecretValue. Every value carries its rotation number N
(`N:` first, or `"rotation": N` in the JSON document) and padding that depends on N, so a file's bytes tell its rotation
and show a file written half-way. Each rotation puts rotation N into both secrets and calls Mount, as the driver's
remount does; on about half of them a timer SIGKILLs the provider at an instant drawn uniformly from [0, 1.5 x the
median Mount], and the provider is started again (same socket, same flags) and the volume checked before the next
rotation: every file present, all of the rotation it held before (N-1, or older when that Mount was killed before it
wrote) or all of N, nothing else in the volume.

The reader (volume_reader.py, a process of its own) resolves `..data` once per read set by opening it as a directory,
then opens every file through that descriptor. An ENOENT there is a failure unless that generation was retired meanwhile
(`..data` names another directory now; the old one is being removed, or is gone with `st_nlink` 0): then the set is
counted as retired and read again. Every fourth set it also opens each top-level name (a link through `..data`), as an
application does, and counts a name that leads nowhere three times in a row as missing.

Relies on: the flags --volume-layout, --target-path-root (its start-up sweep of the kubelet's pod volumes whose
vol_data.json names secrets-store.csi.k8s.io), --cache-ttl=0 (no value reused between Mounts) and --reconcile-interval=0
(no writes but the test's Mounts); the names `..data`, `..data_tmp`, `..aws-gen-<16 hex>` and `..aws-tmp-<16 hex>`. Set
VOLUME_KILL_SEED to repeat a run's random choices.
"""

import collections
import json
import os
import random
import re
import shutil
import signal
import statistics
import tempfile
import threading
import time

import driver
import mountkit
from mountkit import attributes, unique
from volume_reader import DATA, KEYS, NAMES, Reader, expected_files, rotation_of, secret_strings

ROTATIONS = 1000
KILL_PROBABILITY = 0.5
PLAIN_ROTATIONS = 300  # at most; the plain run stops once the reader has seen mixed sets
CALIBRATION = 5  # first rotations never killed: the median Mount is measured on them
KILL_WINDOW = 1.5  # times the median Mount
SWEEP_TIMEOUT = 5.0  # seconds the start-up sweep has to clean the volume after the provider serves
# A kill during the plain layout's renames leaves a mixed set that nothing repairs, so its volume is hardly waited for:
# that run is about what the reader sees.
PLAIN_SWEEP_TIMEOUT = 0.5

DATA_TMP = "..data_tmp"
GENERATION = re.compile(r"\.\.aws-gen-[0-9a-f]{16}")
TEMPORARY = re.compile(r"\.\.aws-tmp-[0-9a-f]{16}")


# --- The volume as the test sees it between Mounts -----------------------------------------------------------------

def inspect(layout, target):
    """What the volume holds now: {"rotations": {name: rotation or None}, "missing": [...], "torn": [...],
    "litter": [...], "unexpected": [...]} (names of entries; a generation's entries as `gen/name`)."""
    state = {"rotations": {}, "missing": [], "torn": [], "litter": [], "unexpected": []}
    entries = set(os.listdir(target))
    allowed = set(NAMES)
    if layout == "generations":
        generation = None
        try:
            generation = os.readlink(os.path.join(target, DATA))
        except OSError:
            state["missing"].append(DATA)
        if generation is not None and not GENERATION.fullmatch(generation):
            state["unexpected"].append(f"{DATA} -> {generation}")
            generation = None
        allowed |= {DATA, generation}
        for name in sorted(entries - allowed):
            kind = "litter" if GENERATION.fullmatch(name) or TEMPORARY.fullmatch(name) or name == DATA_TMP else \
                "unexpected"
            state[kind].append(name)
        for name in sorted(entries & set(NAMES)):
            path = os.path.join(target, name)
            link = os.readlink(path) if os.path.islink(path) else None
            if link != f"{DATA}/{name}":
                state["unexpected"].append(f"{name} -> {link}")
        if generation is not None and generation in entries:
            inside = set(os.listdir(os.path.join(target, generation)))
            for name in sorted(inside - set(NAMES)):
                state["litter" if TEMPORARY.fullmatch(name) else "unexpected"].append(f"{generation}/{name}")
    else:
        for name in sorted(entries - allowed):
            state["litter" if TEMPORARY.fullmatch(name) else "unexpected"].append(name)
        for name in sorted(entries & set(NAMES)):
            if os.path.islink(os.path.join(target, name)):
                state["unexpected"].append(f"{name} is a link")
    for name in NAMES:
        try:
            with open(os.path.join(target, name), "rb") as handle:
                contents = handle.read()
        except FileNotFoundError:
            state["missing"].append(name)
            continue
        rotation = rotation_of(contents)
        state["rotations"][name] = rotation
        if rotation is None or contents != expected_files(rotation)[name]:
            state["torn"].append(name)
    return state


def problems(state, allowed_rotations):
    """What is wrong with `state` when every file must be of one of `allowed_rotations`, all of the same one."""
    found = []
    for kind in ("missing", "torn", "litter", "unexpected"):
        if state[kind]:
            found.append(f"{kind}: {state[kind][:6]}")
    rotations = set(state["rotations"].values())
    if len(rotations) > 1:
        found.append(f"mixed: {sorted(rotations, key=str)}")
    elif rotations and not rotations <= set(allowed_rotations):
        found.append(f"rotation {rotations.pop()}, expected one of {sorted(allowed_rotations)}")
    return found


# --- One run -------------------------------------------------------------------------------------------------------

def _kubelet_volume(pods, pod_uid):
    """A Secrets Store volume of pod `pod_uid` in the kubelet's layout, so that the start-up sweep walks it."""
    target = os.path.join(pods, pod_uid, "volumes", "kubernetes.io~csi", "secrets-store-inline", "mount")
    os.makedirs(target)
    with open(os.path.join(os.path.dirname(target), "vol_data.json"), "w") as handle:
        json.dump({"driverName": "secrets-store.csi.k8s.io", "volumeHandle": "csi-e2e-kill"}, handle)
    return target


def run_kills(kit, rig, provider_bin, layout, rotations, sweep_timeout, stop_when_mixed=False):
    """Rotations with random SIGKILLs against one provider layout; returns the figures. After a restart the volume
    is inspected until it is right, for at most `sweep_timeout` seconds."""
    from conftest import Provider

    seed = int(os.environ.get("VOLUME_KILL_SEED") or random.SystemRandom().randrange(1 << 32))
    chance = random.Random(seed)
    ns = unique("kill")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    json_secret, other_secret = unique("kill-json"), unique("kill-other")
    strings = secret_strings(0)
    kit.secret(json_secret, string=strings[0])
    kit.secret(other_secret, string=strings[1])
    objects = [{"objectName": json_secret, "objectType": "secretsmanager", "objectAlias": "whole",
                "jmesPath": [{"path": f"k{index:02d}", "objectAlias": f"key-{index:02d}"} for index in range(KEYS)]},
               {"objectName": other_secret, "objectType": "secretsmanager", "objectAlias": "other"}]
    request = attributes(objects, namespace=ns, region="us-east-1")
    secrets = kit.client("secretsmanager", "us-east-1")

    directory = tempfile.mkdtemp(prefix="e2e-kill-", dir="/tmp")
    pods = os.path.join(directory, "pods")
    target = _kubelet_volume(pods, request["csi.storage.k8s.io/pod.uid"])
    arguments = mountkit.provider_arguments(directory, rig, f"--target-path-root={pods}", "--reconcile-interval=0",
                                            "--cache-ttl=0", f"--volume-layout={layout}",
                                            # No health or metrics endpoint: hundreds of restarts would each need a
                                            # free port, and one taken meanwhile would fail a start.
                                            "--health-addr=", "--metrics-addr=")
    environment = mountkit.provider_environment(rig)
    figures = {"layout": layout, "seed": seed, "rotations": 0, "kills": 0, "restarts": 0, "kills_mid_write": 0,
               "kills_after_mount": 0, "failed_mounts": [], "state_problems": [], "restart_seconds": [],
               "sweep_seconds": [], "mount_seconds": {"cold": [], "warm": []}}

    def start():
        began = time.monotonic()
        started = Provider(provider_bin, directory, arguments, environment)
        try:
            started.wait_ready()
        except AssertionError:
            started.stop(signal.SIGKILL)
            raise
        figures["restart_seconds"].append(time.monotonic() - began)
        return started

    def record(rotation, found, when):
        if found:
            figures["state_problems"].append({"rotation": rotation, "when": when, "problems": found})

    provider = start()
    reader = None
    began = time.monotonic()
    try:
        driver.mount(provider.socket, request, target)
        state = inspect(layout, target)
        record(0, problems(state, {0}), "after the first Mount")
        held = 0  # the rotation the volume was last seen to hold, whole
        patience, timeouts = sweep_timeout, 0
        reader = Reader(layout, target, directory)
        cold = False
        for rotation in range(1, rotations + 1):
            strings = secret_strings(rotation)
            secrets.put_secret_value(SecretId=json_secret, SecretString=strings[0])
            secrets.put_secret_value(SecretId=other_secret, SecretString=strings[1])
            kind = "cold" if cold else "warm"
            durations = figures["mount_seconds"][kind] or figures["mount_seconds"]["warm"]
            killing = rotation > CALIBRATION and chance.random() < KILL_PROBABILITY
            timer = None
            if killing:
                window = KILL_WINDOW * statistics.median(durations[-50:])
                timer = threading.Timer(chance.uniform(0, window), provider.process.kill)
            mount_began = time.monotonic()
            if timer:
                timer.start()
            try:
                driver.mount(provider.socket, request, target)
                mounted = True
                figures["mount_seconds"][kind].append(time.monotonic() - mount_began)
            except driver.grpc.RpcError as error:
                mounted = False
                if not killing:
                    figures["failed_mounts"].append({"rotation": rotation, "error": error.details()})
            figures["rotations"] = rotation
            if timer:
                timer.join()
                assert provider.stop(signal.SIGKILL) == -signal.SIGKILL, provider.log()
                figures["kills"] += 1
                figures["kills_after_mount"] += mounted
                before = inspect(layout, target)
                if set(before["litter"]) - set(state["litter"]) or len(set(before["rotations"].values())) > 1:
                    figures["kills_mid_write"] += 1
                provider = start()
                figures["restarts"] += 1
                swept = time.monotonic()
                allowed = {rotation} if mounted else {held, rotation}
                state = inspect(layout, target)
                while problems(state, allowed) and time.monotonic() - swept < patience:
                    time.sleep(0.02)
                    state = inspect(layout, target)
                figures["sweep_seconds"].append(time.monotonic() - swept)
                if problems(state, allowed):
                    # The sweep will not clean it: after three such waits, a failing run goes on without them.
                    timeouts += 1
                    patience = sweep_timeout if timeouts < 3 else 0.1
                cold = True
            else:
                assert provider.process.poll() is None, f"the provider died: {provider.log()}"
                allowed = {rotation} if mounted else {held}
                state = inspect(layout, target)
                cold = False
            record(rotation, problems(state, allowed), "after the restart" if timer else "after the Mount")
            seen = set(state["rotations"].values())
            if len(seen) == 1 and None not in seen:
                held = seen.pop()
            if len(figures["failed_mounts"]) >= 5:
                break
            if stop_when_mixed and rotation % 10 == 0 and rotation >= 50 and reader.stats()["mixed"] > 0:
                break
    finally:
        figures["seconds"] = time.monotonic() - began
        if reader is not None:
            figures["reader"] = reader.stop()
        provider.stop(signal.SIGKILL)
        shutil.rmtree(directory, ignore_errors=True)
    return figures


def report(figures):
    """Prints the figures of a run."""
    reader = figures["reader"]
    cold, warm = figures["mount_seconds"]["cold"], figures["mount_seconds"]["warm"]
    print(f"\n{figures['layout']}: {figures['rotations']} rotations in {figures['seconds']:.1f}s (seed "
          f"{figures['seed']}), {figures['kills']} kills ({figures['kills_mid_write']} left a write half-done, "
          f"{figures['kills_after_mount']} came after the Mount answered), {figures['restarts']} restarts")
    print(f"  Mount median {statistics.median(warm) * 1000:.0f} ms warm, "
          f"{statistics.median(cold) * 1000 if cold else 0:.0f} ms after a restart; restart median "
          f"{statistics.median(figures['restart_seconds']) * 1000:.0f} ms, max {max(figures['restart_seconds']):.2f}s; "
          f"volume right {max(figures['sweep_seconds'] or [0]) * 1000:.0f} ms after serving at worst "
          f"({sum(figures['sweep_seconds']):.1f}s waited in all)")
    print(f"  reader: {reader['checked']} read sets checked ({reader['files']} files) in {reader['seconds']:.1f}s, "
          f"{reader['checked'] / reader['seconds']:.0f} sets/s, {reader['files'] / reader['seconds']:.0f} files/s, "
          f"{reader['rotations_seen']} rotations seen; "
          f"mixed {reader['mixed']}, torn {reader['torn']}, missing {reader['missing']}, retired {reader['retired']}; "
          f"top-level names read {reader['link_reads']} times, missing {reader['link_missing']}")
    print(f"  examples: {json.dumps(reader['examples'])[:600]}")
    kinds = collections.Counter(problem.split(":")[0].split(" ")[0] for failed in figures["state_problems"]
                                for problem in failed["problems"])
    print(f"  volume checks failed: {len(figures['state_problems'])} {dict(kinds)} "
          f"{json.dumps(figures['state_problems'][:3])[:600]}")
    print(f"  Mounts failed without a kill: {len(figures['failed_mounts'])} {figures['failed_mounts'][:3]}")


def test_generations_survive_sigkill_at_random_instants(kit, rig, provider_bin):
    figures = run_kills(kit, rig, provider_bin, "generations", ROTATIONS, SWEEP_TIMEOUT)
    report(figures)
    reader = figures["reader"]
    assert figures["rotations"] == ROTATIONS
    assert figures["kills"] >= 200 and figures["restarts"] == figures["kills"]
    assert figures["failed_mounts"] == []
    assert figures["state_problems"] == [], figures["state_problems"][:5]
    assert reader["checked"] >= 10_000 and reader["rotations_seen"] >= ROTATIONS // 2, "the reader hardly read"
    assert (reader["mixed"], reader["torn"], reader["missing"], reader["link_missing"]) == (0, 0, 0, 0), \
        reader["examples"]


def test_plain_layout_is_caught_mixing_rotations(kit, rig, provider_bin):
    figures = run_kills(kit, rig, provider_bin, "plain", PLAIN_ROTATIONS, PLAIN_SWEEP_TIMEOUT, stop_when_mixed=True)
    report(figures)
    assert figures["failed_mounts"] == []
    assert figures["reader"]["mixed"] > 0, "the reader never saw a mixed set: the check cannot bite"
