import Foundation

/// Canonical JSON for scenes and ops: sorted keys, so that equal scenes are
/// equal bytes (hashable, diffable, stable in tests and in the store).
public enum CanonicalJSON {
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try e.encode(value)
    }

    public static func string<T: Encodable>(_ value: T, pretty: Bool = false) throws -> String {
        String(decoding: try encode(value, pretty: pretty), as: UTF8.self)
    }

    /// Decodes, turning any failure into one line that names the JSON path
    /// of the problem, e.g. `$[2].scope.frames: expected a frame range...`.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, what: String = "JSON") throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let e as DecodingError {
            throw AuteurError.badInput("\(what): \(describe(e))")
        } catch {
            throw AuteurError.badInput("\(what): \(error.localizedDescription)")
        }
    }

    public static func path(_ codingPath: [CodingKey]) -> String {
        var out = "$"
        for key in codingPath {
            if let i = key.intValue { out += "[\(i)]" } else { out += "." + key.stringValue }
        }
        return out
    }

    public static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let ctx):
            if ctx.codingPath.isEmpty {
                let underlying = (ctx.underlyingError as NSError?)?.userInfo["NSDebugDescription"] as? String
                let detail = underlying ?? ctx.debugDescription
                if detail.contains("not valid JSON") || underlying != nil {
                    return "not valid JSON, or a number out of range (\(detail))"
                }
                return "$: \(detail)"
            }
            return "\(path(ctx.codingPath)): \(ctx.debugDescription)"
        case .keyNotFound(let key, let ctx):
            return "\(path(ctx.codingPath + [key])): missing required field \"\(key.stringValue)\""
        case .typeMismatch(let type, let ctx):
            return "\(path(ctx.codingPath)): expected \(typeName(type))"
        case .valueNotFound(let type, let ctx):
            return "\(path(ctx.codingPath)): expected \(typeName(type)), found null"
        @unknown default:
            return "\(error)"
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is UInt64.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a value of the right kind"
        }
    }
}

extension Project {
    public static func fromJSON(_ data: Data, what: String = "scene JSON") throws -> Project {
        let p = try CanonicalJSON.decode(Project.self, from: data, what: what)
        do { try p.validate() } catch let e as AuteurError { throw AuteurError.badInput("\(what): \(e.description)") }
        return p
    }
}

extension CanonicalJSON {
    /// JSON text safe to show on a terminal: JSONEncoder leaves DEL, C1
    /// controls and bidi overrides raw inside strings; they become \u escapes,
    /// which decode to the same value.
    public static func terminalSafe(_ json: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(json.unicodeScalars.count)
        for s in json.unicodeScalars {
            let v = s.value
            if (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                let hex = String(v, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(s)
            }
        }
        return out
    }
}

/// Strict decoding for nested objects: an unknown key is an error naming its
/// path, not a silently dropped instruction (a misspelt "frame" inside a
/// scope would otherwise widen an edit to every frame).
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

public func rejectUnknownKeys<K: CodingKey & CaseIterable>(_ decoder: Decoder, _ keys: K.Type) throws {
    let c = try decoder.container(keyedBy: AnyKey.self)
    let known = Set(K.allCases.map(\.stringValue))
    for key in c.allKeys where !known.contains(key.stringValue) {
        throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription:
            "unknown field \"\(key.stringValue)\" (expected: \(K.allCases.map(\.stringValue).joined(separator: ", ")))")
    }
}

/// Decodes a named case, listing the names that would have been accepted.
func decodeNamedCase<T: CaseIterable & RawRepresentable>(_ decoder: Decoder) throws -> T where T.RawValue == String {
    let c = try decoder.singleValueContainer()
    let text = try c.decode(String.self)
    guard let value = T(rawValue: text) else {
        throw DecodingError.dataCorruptedError(in: c, debugDescription:
            "unknown value \"\(text)\" (expected one of: \(T.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    return value
}
