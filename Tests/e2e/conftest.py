# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Fixtures of the end-to-end tests: the test rig, and the real provider executable on a real Unix socket."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import driver  # noqa: E402
import mountkit  # noqa: E402

ROOT = driver.ROOT


@pytest.fixture(scope="session")
def provider_bin():
    path = os.environ.get("PROVIDER_BIN") or os.path.join(ROOT, ".build", "debug", "secrets-store-csi-driver-provider-aws")
    if not os.access(path, os.X_OK):
        pytest.fail(f"the provider executable {path} is missing: build it first (swift build)")
    return path


@pytest.fixture(scope="session")
def rig():
    """The test rig, started once for the session on free loopback ports and stopped at the end."""
    process = subprocess.Popen([sys.executable, os.path.join(ROOT, "Tests", "rig", "rig.py"), "--stop-on-stdin-eof"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        if not line:
            pytest.fail("the test rig did not start")
        yield json.loads(line)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)


class Provider:
    """One running provider process."""

    def __init__(self, binary, volume, arguments, env):
        self.volume = volume
        self.socket = os.path.join(volume, "aws.sock")
        self.stderr_path = os.path.join(volume, "provider.log")
        self._stderr = open(self.stderr_path, "w")
        # Many providers run at once in these tests: each listens on ports the kernel picks (port 0) for its health
        # and metrics endpoints unless the test chooses them, and the metrics port is read back from the provider's
        # log line "Serving /metrics" (a port picked here beforehand could be taken meanwhile).
        given = {flag: value for flag, _, value in (argument.lstrip("-").partition("=") for argument in arguments)}
        if "health-addr" not in given:
            arguments = [*arguments, "--health-addr=127.0.0.1:0"]
        if "metrics-addr" not in given:
            given["metrics-addr"] = "127.0.0.1:0"
            arguments = [*arguments, "--metrics-addr=127.0.0.1:0"]
        host, _, port = given["metrics-addr"].rpartition(":")
        self._metrics_host = host if host not in ("", "0.0.0.0") else "127.0.0.1"
        self._metrics_port = port if port not in ("", "0") else None
        self._metrics_enabled = bool(port)
        self.process = subprocess.Popen([binary, f"--provider-volume={volume}", *arguments], env=env,
                                        stdout=subprocess.DEVNULL, stderr=self._stderr)

    def wait_ready(self, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the provider exited with {self.process.returncode}: {self.log()}")
            if os.path.exists(self.socket):
                try:
                    driver.version(self.socket, timeout=1)
                    return self
                except Exception:  # noqa: BLE001  (not serving yet)
                    pass
            time.sleep(0.02)
        raise AssertionError(f"the provider did not serve within {timeout}s: {self.log()}")

    @property
    def metrics_url(self):
        """http://host:port of the metrics endpoint (its port read back from the log when the kernel picked it); None
        when the provider serves no metrics."""
        if not self._metrics_enabled:
            return None
        deadline = time.monotonic() + 10
        while self._metrics_port is None and time.monotonic() < deadline:
            # One endpoint may serve several paths: "Serving /healthz,/metrics,/readyz".
            found = re.search(r"address=[\[\]0-9a-f.:]*:(\d+) \[OperationsHTTP\] Serving [^\n]*/metrics", self.log())
            if found:
                self._metrics_port = found.group(1)
            else:
                time.sleep(0.02)
        return f"http://{self._metrics_host}:{self._metrics_port}"

    def metric(self, name, **labels):
        """The sum of the provider's samples of metric `name` whose labels include `labels`; 0 when there is none."""
        return mountkit.metric_value(mountkit.scrape(self.metrics_url), name, **labels) or 0

    def log(self):
        if not self._stderr.closed:
            self._stderr.flush()
        with open(self.stderr_path) as stderr:
            return stderr.read()

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.process.poll() is None:
            self.process.send_signal(sig)
        code = self.process.wait(timeout=timeout)
        self._stderr.close()
        return code


@pytest.fixture
def volume():
    """A short temporary directory for the socket (Unix socket paths are limited to 107 bytes)."""
    path = tempfile.mkdtemp(prefix="e2e-", dir="/tmp")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def start_provider(provider_bin):
    """Starts providers with extra arguments; every one still running is stopped after the test."""
    started = []

    def start(volume, *arguments, wait=True, env=None):
        provider = Provider(provider_bin, volume, arguments, env or dict(os.environ))
        started.append(provider)
        return provider.wait_ready() if wait else provider

    yield start
    for provider in started:
        if provider.process.poll() is None:
            provider.stop(signal.SIGKILL)


@pytest.fixture
def kit(rig):
    """Seeds and inspects the rig; faults left by the test are removed."""
    seeded = mountkit.Rig(rig)
    yield seeded
    seeded.clear_faults()


def _started(provider_bin, rig, *extra, env=None):
    directory = tempfile.mkdtemp(prefix="e2e-", dir="/tmp")
    arguments = mountkit.provider_arguments(directory, rig, *extra)
    provider = Provider(provider_bin, directory, arguments, env or mountkit.provider_environment(rig))
    return provider.wait_ready(), directory


@pytest.fixture
def rig_provider(provider_bin, rig):
    """Starts providers against the rig with extra flags (`rig_provider("--reconcile-interval=1s")`), each in its own
    directory with its log at `provider.stderr_path`; every one is stopped and its directory removed after the test."""
    started = []

    def start(*extra):
        directory = tempfile.mkdtemp(prefix="e2e-", dir="/tmp")
        provider = Provider(provider_bin, directory, mountkit.provider_arguments(directory, rig, *extra),
                            mountkit.provider_environment(rig))
        started.append((provider, directory))
        return provider.wait_ready()

    yield start
    for provider, directory in started:
        try:
            provider.stop()
        except subprocess.TimeoutExpired:
            provider.stop(signal.SIGKILL)
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def provider(provider_bin, rig):
    """A provider in the default mode (it writes the files), with every endpoint at the rig."""
    started, directory = _started(provider_bin, rig)
    yield started
    started.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def driver_writes_provider(provider_bin, rig):
    """A provider started with --driver-writes-secrets."""
    started, directory = _started(provider_bin, rig, "--driver-writes-secrets")
    yield started
    started.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def tracing(provider_bin, rig):
    """A provider logging everything (trace level), so that no secret can hide in a debug line."""
    started, directory = _started(provider_bin, rig, "--log-level=trace")
    yield started
    started.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def ns(kit, rig):
    """A fresh namespace whose pod `app` runs as service account `app` with the rig's IRSA role."""
    namespace = mountkit.unique("ns")
    kit.pod(namespace, "app", "app", role_arn=rig["irsa_role_arn"])
    return namespace


@pytest.fixture
def target():
    """An empty target directory, as kubelet creates for the pod's volume."""
    path = tempfile.mkdtemp(prefix="e2e-target-", dir="/tmp")
    yield path
    shutil.rmtree(path, ignore_errors=True)
