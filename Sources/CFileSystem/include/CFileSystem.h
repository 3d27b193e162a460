// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#ifndef C_FILE_SYSTEM_H
#define C_FILE_SYSTEM_H

/// The type (`f_type` of `fstatfs`) of the file system holding the open file `descriptor`, in `type`.
/// Returns 0, or -1 with `errno` set. Swift's Glibc module does not export `fstatfs`.
int cfs_file_system_type(int descriptor, long long *type);

#endif
