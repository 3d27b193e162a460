// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// A file mode from the request's `permission` or an object's `filePermission`, such as `0644`.
///
/// Like the incumbent, the value may carry the setuid, setgid and sticky bits (`4755`), but only the nine
/// ``permissionBits`` are ever applied to a file: Go's `os.Chmod` drops the others, and so must the writer.
public struct FilePermission: Sendable, Hashable, CustomStringConvertible {
    /// The driver's default, `0644` (the request's `permission` is `"420"`).
    public static let driverDefault = FilePermission(validatedRawValue: 0o644)

    /// The mode as given, 0 to `0o7777`.
    public let rawValue: UInt16

    /// Creates a permission from a numeric mode.
    /// - Parameter rawValue: The mode, 0 to `0o7777`; larger values give nil.
    public init?(rawValue: Int) {
        guard (0...0o7777).contains(rawValue) else {
            return nil
        }
        self.rawValue = UInt16(rawValue)
    }

    /// Parses an object's `filePermission`: exactly four octal digits, as `^[0-7]{4}$` in the incumbent.
    /// - Parameter octal: The text, such as `0600`.
    public init?(octal: String) {
        let digits = Array(octal.utf8)
        guard digits.count == 4, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) }) else {
            return nil
        }
        self.init(validatedRawValue: digits.reduce(0) { $0 * 8 + UInt16($1 - UInt8(ascii: "0")) })
    }

    /// Parses the request's `permission`: the decimal JSON number the driver sends (`"420"` for `0644`), with
    /// optional surrounding whitespace, or the same number as a JSON string (`"\"420\""`).
    /// - Parameter requestPermission: The `permission` field of the Mount request.
    /// - Throws: ``SecretProviderClassError`` with code `invalidPermission`, naming the `permission` field.
    public init(requestPermission: String) throws(SecretProviderClassError) {
        var text = Substring(requestPermission).trimmingJSONWhitespace()
        if text.count >= 2, text.first == "\"", text.last == "\"" {
            text = text.dropFirst().dropLast()
        }
        let isJSONNumber = text == "0" || (text.first != "0" && !text.isEmpty && text.utf8.allSatisfy(\.isASCIIDigit))
        guard isJSONNumber, text.count <= 5, let value = Int(text), let permission = FilePermission(rawValue: value)
        else {
            throw SecretProviderClassError(
                code: .invalidPermission,
                field: "permission",
                message: "failed to unmarshal file permission, error: \"\(UserText.shown(requestPermission))\" is not "
                    + "a decimal file mode from 0 to 4095, such as \"420\" for 0644"
            )
        }
        self = permission
    }

    private init(validatedRawValue: UInt16) {
        self.rawValue = validatedRawValue
    }

    /// The read, write and execute bits for owner, group and others (`rawValue & 0o777`): the mode to apply.
    public var permissionBits: UInt16 {
        self.rawValue & 0o777
    }

    /// Four octal digits, such as `0644`.
    public var description: String {
        let digits = String(self.rawValue, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension Substring {
    /// The text without leading and trailing JSON whitespace (space, tab, line feed, carriage return).
    func trimmingJSONWhitespace() -> Substring {
        let isText: (UInt8) -> Bool = { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        guard let start = self.utf8.firstIndex(where: isText), let end = self.utf8.lastIndex(where: isText) else {
            return ""
        }
        return self[start...end]
    }
}

extension UInt8 {
    /// Whether the byte is an ASCII digit `0`–`9`.
    var isASCIIDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}
