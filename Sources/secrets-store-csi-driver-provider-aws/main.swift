// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import ProviderCLI

// Before any other thread starts, so that every thread inherits it (ThreadScheduling).
ThreadScheduling.requestShortSlices()
await ProviderCommand.main(arguments: Array(CommandLine.arguments.dropFirst()))
