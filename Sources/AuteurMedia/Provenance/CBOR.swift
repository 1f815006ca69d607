/// A CBOR data item (RFC 8949), just enough of it for C2PA manifests.
///
/// Maps keep their entries in the order given, and every length is
/// definite, so one value always encodes to the same bytes: the claim's
/// signature and every assertion hash cover stored bytes, and the second
/// pass of `ContentCredentials.embed` must produce exactly the size the
/// first pass measured.
public indirect enum CBOR: Equatable, Sendable {
    case unsigned(UInt64)
    /// The value -1 - n, as CBOR stores it.
    case negative(UInt64)
    case bytes([UInt8])
    case text(String)
    case array([CBOR])
    case map([Entry])
    case tagged(UInt64, CBOR)
    case bool(Bool)
    case null

    public struct Entry: Equatable, Sendable {
        public var key: CBOR
        public var value: CBOR
        public init(_ key: CBOR, _ value: CBOR) { self.key = key; self.value = value }
    }

    public static func int(_ value: Int) -> CBOR {
        value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(-1 - value))
    }

    /// A map with text keys, in the order given.
    public static func object(_ entries: KeyValuePairs<String, CBOR>) -> CBOR {
        .map(entries.map { Entry(.text($0.key), $0.value) })
    }

    // MARK: Reading values back

    public subscript(key: String) -> CBOR? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == .text(key) }?.value
    }

    public subscript(key: Int) -> CBOR? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == .int(key) }?.value
    }

    public var string: String? { if case .text(let s) = self { s } else { nil } }
    public var byteString: [UInt8]? { if case .bytes(let b) = self { b } else { nil } }
    public var items: [CBOR]? { if case .array(let a) = self { a } else { nil } }
    public var integer: Int? {
        switch self {
        case .unsigned(let n) where n <= UInt64(Int.max): Int(n)
        case .negative(let n) where n < UInt64(Int.max): -1 - Int(n)
        default: nil
        }
    }

    // MARK: Encoding

    public var encoded: [UInt8] {
        var out: [UInt8] = []
        encode(into: &out)
        return out
    }

    public func encode(into out: inout [UInt8]) {
        switch self {
        case .unsigned(let n): Self.head(0, n, into: &out)
        case .negative(let n): Self.head(1, n, into: &out)
        case .bytes(let b):
            Self.head(2, UInt64(b.count), into: &out)
            out += b
        case .text(let s):
            Self.head(3, UInt64(s.utf8.count), into: &out)
            out += s.utf8
        case .array(let items):
            Self.head(4, UInt64(items.count), into: &out)
            for item in items { item.encode(into: &out) }
        case .map(let entries):
            Self.head(5, UInt64(entries.count), into: &out)
            for entry in entries {
                entry.key.encode(into: &out)
                entry.value.encode(into: &out)
            }
        case .tagged(let tag, let item):
            Self.head(6, tag, into: &out)
            item.encode(into: &out)
        case .bool(let b): out.append(b ? 0xF5 : 0xF4)
        case .null: out.append(0xF6)
        }
    }

    /// The shortest head for a major type and argument, as deterministic
    /// encoding (RFC 8949 §4.2.1) requires.
    private static func head(_ major: UInt8, _ argument: UInt64, into out: inout [UInt8]) {
        let m = major << 5
        switch argument {
        case 0..<24: out.append(m | UInt8(argument))
        case 24...0xFF: out += [m | 24, UInt8(argument)]
        case 0x100...0xFFFF: out.append(m | 25); out.appendBigEndian(UInt16(argument))
        case 0x1_0000...0xFFFF_FFFF: out.append(m | 26); out.appendBigEndian(UInt32(argument))
        default: out.append(m | 27); out.appendBigEndian(argument)
        }
    }

    // MARK: Decoding

    public struct DecodingError: Error, Equatable, Sendable {
        public var offset: Int
        public var reason: String
    }

    /// Decodes exactly one item filling `bytes`. Indefinite lengths, floats
    /// and simple values other than true, false and null are refused: our
    /// writer never produces them.
    public static func decode(_ bytes: some Collection<UInt8>) throws(DecodingError) -> CBOR {
        var reader = Reader(bytes: Array(bytes))
        let item = try reader.item(depth: 0)
        guard reader.position == reader.bytes.count else {
            throw DecodingError(offset: reader.position, reason: "\(reader.bytes.count - reader.position) bytes after the item")
        }
        return item
    }

    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        mutating func take(_ count: Int) throws(DecodingError) -> ArraySlice<UInt8> {
            guard count >= 0, count <= bytes.count - position else {
                throw DecodingError(offset: position, reason: "the item is truncated")
            }
            defer { position += count }
            return bytes[position..<position + count]
        }

        mutating func argument(_ info: UInt8) throws(DecodingError) -> UInt64 {
            switch info {
            case 0..<24: return UInt64(info)
            case 24...27:
                return try take(1 << Int(info - 24)).reduce(0) { $0 << 8 | UInt64($1) }
            default: throw DecodingError(offset: position - 1, reason: "indefinite or reserved length \(info)")
            }
        }

        mutating func count(_ info: UInt8) throws(DecodingError) -> Int {
            let n = try argument(info)
            // Every element needs at least one byte, so a larger count is a lie.
            guard n <= UInt64(bytes.count - position) else { throw DecodingError(offset: position, reason: "length \(n) exceeds the data") }
            return Int(n)
        }

        mutating func item(depth: Int) throws(DecodingError) -> CBOR {
            guard depth < 64 else { throw DecodingError(offset: position, reason: "nested too deeply") }
            let initial = try take(1).first!
            let info = initial & 0x1F
            switch initial >> 5 {
            case 0: return .unsigned(try argument(info))
            case 1: return .negative(try argument(info))
            case 2: return .bytes(Array(try take(count(info))))
            case 3:
                let start = position
                guard let s = String(validating: try take(count(info)), as: UTF8.self) else {
                    throw DecodingError(offset: start, reason: "text is not UTF-8")
                }
                return .text(s)
            case 4:
                var items: [CBOR] = []
                for _ in 0..<(try count(info)) { items.append(try item(depth: depth + 1)) }
                return .array(items)
            case 5:
                var entries: [Entry] = []
                for _ in 0..<(try count(info)) {
                    let key = try item(depth: depth + 1)
                    entries.append(Entry(key, try item(depth: depth + 1)))
                }
                return .map(entries)
            case 6: return .tagged(try argument(info), try item(depth: depth + 1))
            default:
                switch info {
                case 20: return .bool(false)
                case 21: return .bool(true)
                case 22: return .null
                default: throw DecodingError(offset: position - 1, reason: "unsupported simple value or float \(info)")
                }
            }
        }
    }
}

extension [UInt8] {
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }
}

extension Collection<UInt8> {
    /// A big-endian unsigned integer from the first `width` bytes at `offset`.
    func bigEndian(at offset: Index, width: Int) -> UInt64 {
        self[offset...].prefix(width).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
