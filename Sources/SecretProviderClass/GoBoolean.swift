// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Go's `strconv.ParseBool`, the syntax of the incumbent's flags and of `usePodIdentity`: `1 t T TRUE true True` and
/// `0 f F FALSE false False`; anything else is not a boolean.
public enum GoBoolean {
    /// The boolean `text` stands for, or nil.
    public static func parse(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": true
        case "0", "f", "F", "FALSE", "false", "False": false
        default: nil
        }
    }
}
