#!/usr/bin/env python3
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Prints the lines of a requirements file (`name[extras]==version` only) that the running Python does not have at
exactly that version; prints nothing when all are there. Used by the install scripts to run pip only when needed."""

import re
import sys
from importlib.metadata import PackageNotFoundError, version

for line in open(sys.argv[1], encoding="utf-8"):
    requirement = line.split("#", 1)[0].strip()
    if not requirement:
        continue
    match = re.fullmatch(r"([A-Za-z0-9_.-]+)(\[[^\]]*\])?==(\S+)", requirement)
    if not match:
        sys.exit(f"{sys.argv[1]}: not an exact pin: {requirement}")
    try:
        if version(match.group(1)) != match.group(3):
            print(requirement)
    except PackageNotFoundError:
        print(requirement)
