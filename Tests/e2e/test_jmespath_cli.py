# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""End-to-end check: the `jmespath` subcommand agrees with the reference Python `jmespath` package.

Runs `$PROVIDER_BIN jmespath EXPRESSION` on every case of the JMESPath compliance suite (every file of
`Tests/testdata/jmespath` in the repository, except benchmarks.json), with the case's document on standard input,
and compares with `jmespath.search`: results as parsed JSON (with booleans and numbers kept apart), errors by kind.
PROVIDER_BIN defaults to the debug build; a missing suite fails the module. The processes run in a thread pool, once
per session.
"""

import concurrent.futures
import json
import os
import pathlib
import subprocess

import jmespath
import pytest
from jmespath import exceptions

REPOSITORY_ROOT = pathlib.Path(__file__).resolve().parents[2]
PROVIDER_BIN = os.environ.get("PROVIDER_BIN") or str(
    REPOSITORY_ROOT / ".build" / "debug" / "secrets-store-csi-driver-provider-aws"
)
SUITE_DIR = REPOSITORY_ROOT / "Tests" / "testdata" / "jmespath"

if not os.access(PROVIDER_BIN, os.X_OK):
    pytest.fail(f"the provider executable {PROVIDER_BIN} is missing: build it first (swift build)", pytrace=False)
if not SUITE_DIR.is_dir():
    pytest.fail(f"the JMESPath compliance suite is missing at {SUITE_DIR}", pytrace=False)

# Where the reference implementation disagrees with the compliance suite, the suite wins:
# jmespath 1.1.0 raises a bare ValueError ("Step cannot be 0") for a zero slice step, not a JMESPath error;
# the suite, and the Swift implementation, report it as invalid-value.
PYTHON_DEVIATIONS = {
    ("slice.json", "foo[8:2:0]"): ("error", "invalid-value"),
}


def load_cases():
    cases = []
    for path in sorted(SUITE_DIR.glob("*.json")):
        if path.name == "benchmarks.json":
            continue
        for group in json.loads(path.read_text(encoding="utf-8")):
            for case in group["cases"]:
                cases.append((path.name, len(cases), group["given"], case["expression"], case))
    return cases


CASES = load_cases()

# `@```` uses the deprecated empty-literal syntax, which the reference warns about before rejecting it.
pytestmark = pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")


def error_kind(error):
    """The specification's error kind for a Python jmespath exception (subclasses before their bases)."""
    if isinstance(error, (exceptions.ArityError, exceptions.VariadictArityError)):
        return "invalid-arity"
    if isinstance(error, exceptions.UnknownFunctionError):
        return "unknown-function"
    if isinstance(error, (exceptions.ParseError, exceptions.LexerError, exceptions.IncompleteExpressionError)):
        return "syntax"
    if isinstance(error, exceptions.JMESPathTypeError):
        return "invalid-type"
    return f"python {type(error).__name__}"


def reference(file_name, given, expression):
    if (file_name, expression) in PYTHON_DEVIATIONS:
        return PYTHON_DEVIATIONS[(file_name, expression)]
    try:
        return ("result", jmespath.search(expression, given))
    except Exception as error:  # noqa: BLE001 - every failure is mapped to a kind
        return ("error", error_kind(error))


def run_cli(given, expression):
    completed = subprocess.run(
        [PROVIDER_BIN, "jmespath", expression],
        input=json.dumps(given).encode(),
        capture_output=True,
        timeout=60,
    )
    stdout, stderr = completed.stdout.decode(), completed.stderr.decode()
    if completed.returncode == 0:
        assert stdout.endswith("\n") and stdout.count("\n") == 1, f"not one line of JSON: {stdout!r}"
        return ("result", json.loads(stdout))
    if completed.returncode == 1:
        assert stderr.startswith("error: ") and stderr.endswith("\n"), f"unexpected stderr: {stderr!r}"
        return ("error", stderr[len("error: ") :].split(":", 1)[0])
    return ("exit", completed.returncode, stderr)


@pytest.fixture(scope="session")
def cli_outcomes():
    with concurrent.futures.ThreadPoolExecutor(max_workers=(os.cpu_count() or 2) * 4) as pool:
        futures = {index: pool.submit(run_cli, given, expression) for _, index, given, expression, _ in CASES}
        return {index: future.result() for index, future in futures.items()}


def strictly_equal(left, right):
    """JSON equality: numbers compare numerically, but booleans are not numbers (unlike Python's ==)."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return left == right
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(strictly_equal(a, b) for a, b in zip(left, right))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(strictly_equal(left[key], right[key]) for key in left)
    return type(left) is type(right) and left == right


def test_suite_is_complete():
    assert len({case[0] for case in CASES}) == 15
    assert len(CASES) > 800


@pytest.mark.parametrize(
    "file_name, index, given, expression, case",
    CASES,
    ids=[f"{case[0]}#{case[1]}:{case[3][:40]}" for case in CASES],
)
def test_cli_matches_reference(cli_outcomes, file_name, index, given, expression, case):
    expected = reference(file_name, given, expression)
    suite = ("error", case["error"]) if "error" in case else ("result", case.get("result"))
    # The reference must itself agree with the suite here; otherwise the case belongs in PYTHON_DEVIATIONS.
    assert expected[0] == suite[0] and strictly_equal(expected[1], suite[1]), f"python disagrees: {expected}"
    actual = cli_outcomes[index]
    assert actual[0] == expected[0], f"{expression!r}: got {actual}, expected {expected}"
    assert strictly_equal(actual[1], expected[1]), f"{expression!r}: got {actual[1]!r}, expected {expected[1]!r}"
