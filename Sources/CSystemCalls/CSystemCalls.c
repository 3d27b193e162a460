// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#include "CSystemCalls.h"

#include <errno.h>

#if defined(__linux__)
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

int csc_file_system_type(int descriptor, long long *type) {
    struct statfs status;
    int result = fstatfs(descriptor, &status);
    if (result == 0) {
        *type = (long long)status.f_type;
    }
    return result;
}

/// The first version of the kernel's `struct sched_attr` (SCHED_ATTR_SIZE_VER1, 56 bytes), which glibc does not
/// declare. Under the normal policy the kernel reads `sched_nice`, and `sched_runtime` as the slice (6.12 and later).
struct csc_sched_attr {
    uint32_t size;
    uint32_t sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime;
    uint64_t sched_deadline;
    uint64_t sched_period;
    uint32_t sched_util_min;
    uint32_t sched_util_max;
};

int csc_set_thread_scheduling(int nice, unsigned long long slice_nanoseconds) {
    struct csc_sched_attr attributes;
    memset(&attributes, 0, sizeof attributes);
    attributes.size = sizeof attributes;
    attributes.sched_policy = 0; // SCHED_OTHER
    attributes.sched_nice = nice;
    attributes.sched_runtime = slice_nanoseconds;
    return (int)syscall(SYS_sched_setattr, 0, &attributes, 0);
}

int csc_thread_scheduling_slice(unsigned long long *slice_nanoseconds) {
    struct csc_sched_attr attributes;
    memset(&attributes, 0, sizeof attributes);
    int result = (int)syscall(SYS_sched_getattr, 0, &attributes, sizeof attributes, 0);
    if (result == 0) {
        *slice_nanoseconds = attributes.sched_runtime;
    }
    return result;
}
int csc_exchange_entries(int directory, const char *first, const char *second) {
    // RENAME_EXCHANGE from linux/fs.h, which glibc exposes only with _GNU_SOURCE.
    const unsigned int exchange = 1U << 1;
    return (int)syscall(SYS_renameat2, directory, first, directory, second, exchange);
}
#else
int csc_file_system_type(int descriptor, long long *type) {
    (void)descriptor;
    (void)type;
    errno = ENOSYS;
    return -1;
}

int csc_set_thread_scheduling(int nice, unsigned long long slice_nanoseconds) {
    (void)nice;
    (void)slice_nanoseconds;
    errno = ENOSYS;
    return -1;
}

int csc_thread_scheduling_slice(unsigned long long *slice_nanoseconds) {
    (void)slice_nanoseconds;
    errno = ENOSYS;
    return -1;
}

int csc_exchange_entries(int directory, const char *first, const char *second) {
    (void)directory;
    (void)first;
    (void)second;
    errno = ENOSYS;
    return -1;
}
#endif
