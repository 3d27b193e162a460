#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
#
# Fuzzes the SecretProviderClass module for SECONDS seconds (default 120): scripts/fuzz.sh spc, kept for its name.
exec "$(dirname "$0")/fuzz.sh" spc "$@"
