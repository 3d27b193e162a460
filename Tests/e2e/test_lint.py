# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""`make lint` catches what it is for: scripts/lint.sh given files checks their format (swift format with the
repository's .swift-format) and licence header, and fails on a deliberately mis-formatted line or a missing header.
Relies on: `swift format` of the toolchain, and scripts/lint.sh FILE... checking only those files."""

import pathlib
import shutil
import subprocess

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
LINT = REPOSITORY / "scripts" / "lint.sh"
SAMPLE = REPOSITORY / "Sources" / "Provider" / "Mount" / "MountFailure.swift"


def _lint(*files):
    return subprocess.run(["bash", str(LINT), *map(str, files)], capture_output=True, text=True, timeout=120)


def test_a_file_as_committed_passes(tmp_path):
    copy = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, copy)
    result = _lint(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "lint: format OK" in result.stdout and "lint: licence OK" in result.stdout


def test_a_mis_formatted_line_fails(tmp_path):
    copy = tmp_path / SAMPLE.name
    text = SAMPLE.read_text()
    assert "    static let maximumListedObjects = 20\n" in text
    copy.write_text(text.replace("    static let maximumListedObjects = 20\n", "   static let maximumListedObjects=20\n"))
    result = _lint(copy)
    assert result.returncode != 0
    assert "lint: format FAILED" in result.stdout
    assert f"{copy.name}:" in result.stdout


def test_a_missing_licence_header_fails(tmp_path):
    copy = tmp_path / SAMPLE.name
    copy.write_text("".join(SAMPLE.read_text().splitlines(keepends=True)[3:]))
    result = _lint(copy)
    assert result.returncode != 0
    assert "lint: licence FAILED" in result.stdout
