# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The reader of the SIGKILL test (test_volume_kill.py): the values of rotation N, and a process that reads every file
of the class as one set, as fast as it can, and counts the sets that mix rotations, hold damaged files or miss one.

Run as `python3 volume_reader.py --reader LAYOUT TARGET STATS_PATH` (the test starts it as a process of its own, so the
test's GIL does not throttle it); it writes its counts to STATS_PATH every 0.2 s and when SIGTERM stops it.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time

KEYS = 16  # keys of the JSON secret, each with a jmesPath file
PADDING = 2048  # bytes added to every value, so each rotation writes about 72 KiB in 18 files
NAMES = ["whole", *(f"key-{index:02d}" for index in range(KEYS)), "other"]
DATA = "..data"
ROTATION = re.compile(rb'(\d+):|\{"rotation": (\d+),')


# --- The values of rotation N --------------------------------------------------------------------------------------

def _value(rotation, key):
    return f"{rotation}:{key}:" + chr(ord("a") + rotation % 26) * PADDING


def secret_strings(rotation):
    """(the JSON secret's string, the second secret's string) of rotation `rotation`."""
    document = {"rotation": rotation, **{f"k{index:02d}": _value(rotation, f"k{index:02d}") for index in range(KEYS)}}
    return json.dumps(document), _value(rotation, "other")


def expected_files(rotation):
    """{file name: bytes} of every file of rotation `rotation`."""
    whole, other = secret_strings(rotation)
    files = {"whole": whole.encode(), "other": other.encode()}
    files.update({f"key-{index:02d}": _value(rotation, f"k{index:02d}").encode() for index in range(KEYS)})
    return files


def rotation_of(contents):
    """The rotation number a file's bytes start with; None when they carry none."""
    match = ROTATION.match(contents)
    return int(match.group(1) or match.group(2)) if match else None


# --- The reader -----------------------------------------------------------------------------------------------------

def _read_file(directory_fd, name):
    """The bytes of `name` in the directory; None when it does not exist."""
    try:
        descriptor = os.open(name, os.O_RDONLY | os.O_CLOEXEC, dir_fd=directory_fd)
    except FileNotFoundError:
        return None
    try:
        chunks = []
        while True:
            chunk = os.read(descriptor, 1 << 16)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.close(descriptor)


def _retired(target_fd, generation_fd):
    """Whether the generation open at `generation_fd` is no longer the volume's: `..data` leads to another directory
    now (the old generation is being emptied, or is gone: `st_nlink` 0). Its inode number cannot have been reused
    while it is open. A generation removed while `..data` still names it is not retired: `..data` dangles."""
    status = os.fstat(generation_fd)
    try:
        current = os.stat(DATA, dir_fd=target_fd)
    except FileNotFoundError:
        return False
    return (current.st_dev, current.st_ino) != (status.st_dev, status.st_ino)


def _read_links(target_fd):
    """The name of the first top-level name that does not lead to a file, or None. A lookup through `..data` can
    reach the generation that is being retired just then, so a name is tried three times before it counts."""
    for name in NAMES:
        for _ in range(3):
            try:
                os.close(os.open(name, os.O_RDONLY | os.O_CLOEXEC, dir_fd=target_fd))
                break
            except FileNotFoundError:
                continue
        else:
            return name
    return None


def _read_set(layout, target_fd):
    """("ok", [bytes per name]), ("missing", name) or ("retired", name): one read of every file of the class."""
    if layout == "plain":
        contents = []
        for name in NAMES:
            data = _read_file(target_fd, name)
            if data is None:
                return "missing", name
            contents.append(data)
        return "ok", contents
    try:
        generation_fd = os.open(DATA, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC, dir_fd=target_fd)
    except FileNotFoundError:
        return "missing", DATA
    try:
        contents = []
        for name in NAMES:
            data = _read_file(generation_fd, name)
            if data is None:
                return ("retired" if _retired(target_fd, generation_fd) else "missing"), name
            contents.append(data)
        return "ok", contents
    finally:
        os.close(generation_fd)


def run_reader(layout, target, stats_path):
    """Reads every file of the class as one set, as fast as it can, until SIGTERM; every 0.2 s and at the end it
    replaces `stats_path` with its counts and the first examples of each failure."""
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    target_fd = os.open(target, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    stats = {"sets": 0, "checked": 0, "files": 0, "mixed": 0, "torn": 0, "missing": 0, "retired": 0, "link_reads": 0,
             "link_missing": 0, "examples": {"mixed": [], "torn": [], "missing": [], "link_missing": []}}
    expected, seen = {}, set()
    started = last_report = time.monotonic()

    def example(kind, what):
        if len(stats["examples"][kind]) < 5:
            stats["examples"][kind].append(what)

    def report():
        stats["seconds"] = time.monotonic() - started
        stats["rotations_seen"] = len(seen)
        temporary = stats_path + ".tmp"
        with open(temporary, "w") as handle:
            json.dump(stats, handle)
        os.replace(temporary, stats_path)

    report()
    while not stopping:
        stats["sets"] += 1
        outcome, found = _read_set(layout, target_fd)
        if layout == "generations" and stats["sets"] % 4 == 0:
            stats["link_reads"] += 1
            broken = _read_links(target_fd)
            if broken is not None:
                stats["link_missing"] += 1
                example("link_missing", broken)
        if outcome == "retired":
            stats["retired"] += 1
            continue
        if outcome == "missing":
            stats["missing"] += 1
            example("missing", found)
            continue
        stats["checked"] += 1
        stats["files"] += len(found)
        rotations = [rotation_of(contents) for contents in found]
        seen.add(rotations[0])
        if len(set(rotations)) > 1:
            stats["mixed"] += 1
            example("mixed", dict(zip(NAMES, rotations)))
        for name, rotation, contents in zip(NAMES, rotations, found):
            if rotation is None:
                stats["torn"] += 1
                example("torn", {name: contents[:40].decode(errors="replace")})
                break
            if rotation not in expected:
                if len(expected) > 8:
                    expected.clear()
                expected[rotation] = expected_files(rotation)
            if contents != expected[rotation][name]:
                stats["torn"] += 1
                example("torn", {name: rotation})
                break
        if stats["sets"] % 64 == 0 and time.monotonic() - last_report > 0.2:
            report()
            last_report = time.monotonic()
    report()


class Reader:
    """The reader process of one run."""

    def __init__(self, layout, target, directory):
        self.stats_path = os.path.join(directory, "reader.json")
        self.process = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--reader", layout, target,
                                         self.stats_path])
        deadline = time.monotonic() + 30
        while not os.path.exists(self.stats_path):
            assert self.process.poll() is None and time.monotonic() < deadline, "the reader did not start"
            time.sleep(0.02)

    def stats(self):
        with open(self.stats_path) as handle:
            return json.load(handle)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        assert self.process.wait(timeout=30) == 0, "the reader failed"
        return self.stats()



if __name__ == "__main__" and sys.argv[1:2] == ["--reader"]:
    run_reader(*sys.argv[2:5])
