// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#ifndef C_SYSTEM_CALLS_H
#define C_SYSTEM_CALLS_H

/// The system calls Swift's Glibc module does not export.

/// The type (`f_type` of `fstatfs`) of the file system holding the open file `descriptor`, in `type`.
/// Returns 0, or -1 with `errno` set.
int csc_file_system_type(int descriptor, long long *type);

/// Sets the calling thread's nice value to `nice` and its scheduler time slice to `slice_nanoseconds` (0: the kernel's
/// default slice) with `sched_setattr` under the normal policy. Kernels before 6.12 ignore the slice.
/// Returns 0, or -1 with `errno` set.
int csc_set_thread_scheduling(int nice, unsigned long long slice_nanoseconds);

/// The calling thread's scheduler time slice as `sched_getattr` reports it, in `slice_nanoseconds` (the default slice
/// unless one was set; 0 on kernels without per-thread slices). Returns 0, or -1 with `errno` set.
int csc_thread_scheduling_slice(unsigned long long *slice_nanoseconds);

/// Swaps the entries `first` and `second` of the directory `directory` in one step (`renameat2` with
/// `RENAME_EXCHANGE`; Linux 3.15 and later, on tmpfs since 3.17). Both must exist; either may be a directory.
/// Returns 0, or -1 with `errno` set (`EINVAL` or `ENOSYS` where the kernel or file system lacks it).
int csc_exchange_entries(int directory, const char *first, const char *second);

#endif
