// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The standard Prometheus process metrics (`process_cpu_seconds_total`, `process_resident_memory_bytes`,
/// `process_virtual_memory_bytes`, `process_open_fds`, `process_max_fds`, `process_start_time_seconds`), read from
/// `/proc/self` at each scrape. Where `/proc` is missing (not Linux) only what `getrusage` and `getrlimit` tell.
public struct ProcessMetrics: Sendable {
    private let startTime: Double

    /// Remembers the process start time (the moment this is created, which is at start-up).
    public init() {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        self.startTime = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// The metrics in the Prometheus text format.
    public func exposition() -> String {
        var lines: [String] = []
        func add(_ name: String, _ type: String, _ help: String, _ value: Double) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            let text = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
            lines.append("\(name) \(text)")
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu =
            Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        add("process_cpu_seconds_total", "counter", "User and system CPU time spent in seconds.", cpu)
        if let (virtual, resident) = Self.memory() {
            add("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", Double(resident))
            add("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", Double(virtual))
        }
        if let open = Self.openDescriptors() {
            add("process_open_fds", "gauge", "Number of open file descriptors.", Double(open))
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
            add("process_max_fds", "gauge", "Maximum number of open file descriptors.", Double(limit.rlim_cur))
        }
        add("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch.", self.startTime)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Virtual and resident bytes from `/proc/self/statm` (sizes in pages).
    private static func memory() -> (virtual: Int, resident: Int)? {
        guard let text = Self.contents(of: "/proc/self/statm") else { return nil }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        guard fields.count >= 2 else { return nil }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        return (fields[0] * page, fields[1] * page)
    }

    /// The entries of `/proc/self/fd`, less the one used to list it.
    private static func openDescriptors() -> Int? {
        guard let directory = opendir("/proc/self/fd") else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." {
                count += 1
            }
        }
        return count - 1
    }

    private static func contents(of path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }
}
