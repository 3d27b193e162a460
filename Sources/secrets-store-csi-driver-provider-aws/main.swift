// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import ProviderCLI

await ProviderCommand.main(arguments: Array(CommandLine.arguments.dropFirst()))
