// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#include "CFileSystem.h"

#if defined(__linux__)
#include <sys/vfs.h>

int cfs_file_system_type(int descriptor, long long *type) {
    struct statfs status;
    int result = fstatfs(descriptor, &status);
    if (result == 0) {
        *type = (long long)status.f_type;
    }
    return result;
}
#else
#include <errno.h>

int cfs_file_system_type(int descriptor, long long *type) {
    (void)descriptor;
    (void)type;
    errno = ENOSYS;
    return -1;
}
#endif
