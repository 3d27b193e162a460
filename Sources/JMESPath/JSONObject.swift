// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// A JSON object: string keys, compared by Unicode code points, in insertion order.
///
/// The members live in one immutable buffer. Small objects are searched linearly; larger ones also carry a
/// hash index (see ``KeyIndex``), and compiled expressions hash their field names once, so looking up a
/// field costs no hashing at search time. Build large objects with ``init(members:)`` rather than by
/// setting keys one at a time, which copies the members each time.
public struct JSONObject: Sendable {
    private let storage: JSONObjectStorage

    /// Creates an empty object.
    public init() {
        self.storage = JSONObjectStorage.empty
    }

    /// Creates an object from key-value pairs in order; a repeated key keeps its first position and last value.
    public init(members: some Sequence<(String, JSONValue)>) {
        var builder = JSONObjectBuilder()
        for (key, value) in members {
            builder.set(key, value)
        }
        self = builder.build()
    }

    fileprivate init(storage: JSONObjectStorage) {
        self.storage = storage
    }

    /// The number of keys.
    public var count: Int {
        self.storage.keys.count
    }

    /// Whether the object has no keys.
    public var isEmpty: Bool {
        self.storage.keys.isEmpty
    }

    /// The keys in insertion order.
    public var keys: [String] {
        self.storage.keys
    }

    /// The values in the order of their keys.
    public var values: [JSONValue] {
        self.storage.values
    }

    /// The value for `key`, or `nil` if there is none. Setting a value replaces the existing one in place
    /// or appends the key; setting `nil` removes the key.
    public subscript(key: String) -> JSONValue? {
        get {
            self.storage.index.position(of: key, hash: nil, in: self.storage.keys).map { self.storage.values[$0] }
        }
        set {
            var builder = JSONObjectBuilder(self)
            if let newValue {
                builder.set(key, newValue)
            } else {
                builder.remove(key)
            }
            self = builder.build()
        }
    }

    /// The value for a field name whose hash was computed in advance.
    subscript(field: FieldName) -> JSONValue? {
        self.storage.index.position(of: field.name, hash: field.hash, in: self.storage.keys)
            .map { self.storage.values[$0] }
    }
}

extension JSONObject: Sequence {
    /// Iterates over the key-value pairs in insertion order.
    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        zip(self.storage.keys, self.storage.values).lazy.map { (key: $0, value: $1) }.makeIterator()
    }
}

extension JSONObject: Equatable {
    /// Whether both objects have the same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        JSONValue.object(lhs) == JSONValue.object(rhs)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Creates an object with the keys in the order written; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(members: elements)
    }
}

/// Collects the members of an object, then freezes them into a ``JSONObject``.
struct JSONObjectBuilder {
    private var keys: [String] = []
    private var values: [JSONValue] = []
    private var index = KeyIndex()

    /// Starts empty.
    init() {}

    /// Starts with the members of `object`.
    init(_ object: JSONObject) {
        self.keys = object.keys
        self.values = object.values
        self.index = KeyIndex(keys: self.keys)
    }

    /// Replaces the value of `key`, or appends the key.
    mutating func set(_ key: String, _ value: JSONValue) {
        let hash = self.index.isActive ? FieldName.hash(of: key) : nil
        if let position = self.index.position(of: key, hash: hash, in: self.keys) {
            self.values[position] = value
            return
        }
        self.keys.append(key)
        self.values.append(value)
        if let hash {
            self.index.insert(hash: hash, position: self.keys.count - 1)
        } else if self.keys.count > KeyIndex.threshold {
            self.index = KeyIndex(keys: self.keys)
        }
    }

    /// Removes `key` if present.
    mutating func remove(_ key: String) {
        guard let position = self.index.position(of: key, hash: nil, in: self.keys) else { return }
        self.keys.remove(at: position)
        self.values.remove(at: position)
        self.index = KeyIndex(keys: self.keys)
    }

    /// The object with the members collected so far.
    func build() -> JSONObject {
        JSONObject(storage: JSONObjectStorage(keys: self.keys, values: self.values, index: self.index))
    }
}

/// The immutable members of a ``JSONObject``.
private final class JSONObjectStorage: Sendable {
    static let empty = JSONObjectStorage(keys: [], values: [], index: KeyIndex())

    let keys: [String]
    let values: [JSONValue]
    let index: KeyIndex

    init(keys: [String], values: [JSONValue], index: KeyIndex) {
        self.keys = keys
        self.values = values
        self.index = index
    }
}

/// A key with its hash, computed once: by the parser for field names of compiled expressions.
struct FieldName: Sendable {
    /// The key.
    let name: String
    /// A per-process seeded hash of the key's UTF-8 bytes (so colliding keys cannot be prepared in advance).
    let hash: Int

    /// Hashes `name`.
    init(_ name: String) {
        self.name = name
        self.hash = Self.hash(of: name)
    }

    /// The hash of a key's UTF-8 bytes.
    static func hash(of name: String) -> Int {
        var name = name
        var hasher = Hasher()
        name.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        return hasher.finalize()
    }
}
