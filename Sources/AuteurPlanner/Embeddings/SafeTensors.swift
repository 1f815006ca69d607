import Foundation

/// A read-only view of a safetensors file: an 8-byte little-endian header
/// length, a JSON header naming each tensor's dtype, shape and byte range,
/// then the raw little-endian tensor bytes.
///
/// Everything the header claims is checked against the file before any
/// tensor is handed out, so a truncated download fails here with one line
/// instead of reading past the end of the mapping later.
struct SafeTensorsFile {
    struct Entry: Equatable {
        let dtype: String
        let shape: [Int]
        /// Byte range relative to the start of the data section.
        let byteRange: Range<Int>
    }

    let path: String
    let entries: [String: Entry]
    private let bytes: Data
    private let dataStart: Int

    /// Header sizes beyond this are not weights files; refusing them keeps
    /// garbage bytes from asking JSONSerialization to parse gigabytes.
    private static let maximumHeaderLength = 100_000_000

    private static let elementSizes: [String: Int] = [
        "F64": 8, "F32": 4, "F16": 2, "BF16": 2,
        "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1,
    ]

    init(url: URL) throws(EmbeddingError) {
        path = url.path
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .modelFileMissing(path: url.path)
        }
        do {
            bytes = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw .unreadableFile(path: url.path, reason: Self.reason(error))
        }
        guard bytes.count >= 8 else {
            throw .corruptWeights(path: path, reason: "file is \(bytes.count) bytes, shorter than the 8-byte header length")
        }
        let declared = bytes.prefix(8).reversed().reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        guard declared >= 2, declared <= UInt64(Self.maximumHeaderLength) else {
            throw .corruptWeights(path: path, reason: "header length \(declared) is implausible")
        }
        let headerLength = Int(declared)
        guard bytes.count - 8 >= headerLength else {
            throw .corruptWeights(path: path, reason: "truncated: header needs \(headerLength) bytes, file has \(bytes.count - 8)")
        }
        dataStart = 8 + headerLength
        let dataLength = bytes.count - dataStart

        let header: [String: Any]
        do {
            let json = try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<dataStart))
            guard let object = json as? [String: Any] else {
                throw EmbeddingError.corruptWeights(path: path, reason: "header is not a JSON object")
            }
            header = object
        } catch let error as EmbeddingError {
            throw error
        } catch {
            throw .corruptWeights(path: path, reason: "header is not valid JSON")
        }

        var entries: [String: Entry] = [:]
        // Checked in file order so a truncated file always names the first
        // tensor it cuts, whatever order the dictionary iterates in.
        let ordered = header.filter { $0.key != "__metadata__" }.sorted { lhs, rhs in
            let left = ((lhs.value as? [String: Any])?["data_offsets"] as? [Int])?.first ?? -1
            let right = ((rhs.value as? [String: Any])?["data_offsets"] as? [Int])?.first ?? -1
            return (left, lhs.key) < (right, rhs.key)
        }
        for (name, value) in ordered {
            guard let fields = value as? [String: Any],
                  let dtype = fields["dtype"] as? String,
                  let shape = fields["shape"] as? [Int],
                  let offsets = fields["data_offsets"] as? [Int], offsets.count == 2
            else {
                throw .corruptWeights(path: path, reason: "header entry \(name) lacks dtype, shape or data_offsets")
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end else {
                throw .corruptWeights(path: path, reason: "tensor \(name) has data_offsets [\(begin), \(end)]")
            }
            guard end <= dataLength else {
                throw .corruptWeights(path: path, reason: "truncated: tensor \(name) ends at byte \(end) of a \(dataLength)-byte data section")
            }
            guard shape.allSatisfy({ $0 >= 0 }) else {
                throw .corruptWeights(path: path, reason: "tensor \(name) has a negative dimension in \(shape)")
            }
            if let size = Self.elementSizes[dtype] {
                let (count, overflow) = shape.reduce((1, false)) { partial, dimension in
                    let product = partial.0.multipliedReportingOverflow(by: dimension)
                    return (product.partialValue, partial.1 || product.overflow)
                }
                let byteCount = count.multipliedReportingOverflow(by: size)
                guard !overflow, !byteCount.overflow, byteCount.partialValue == end - begin else {
                    throw .corruptWeights(path: path, reason: "tensor \(name) of shape \(shape) does not fill its \(end - begin) bytes")
                }
            }
            entries[name] = Entry(dtype: dtype, shape: shape, byteRange: begin..<end)
        }
        self.entries = entries
    }

    /// The tensor `name` as row-major Float32 values, after checking that it
    /// is stored as F32 with exactly `shape`.
    func floats(_ name: String, shape: [Int]) throws(EmbeddingError) -> [Float] {
        guard let entry = entries[name] else {
            throw .unexpectedTensor(path: path, name: name, reason: "is missing")
        }
        guard entry.dtype == "F32" else {
            throw .unexpectedTensor(path: path, name: name, reason: "has dtype \(entry.dtype), expected F32")
        }
        guard entry.shape == shape else {
            throw .unexpectedTensor(path: path, name: name, reason: "has shape \(entry.shape), expected \(shape)")
        }
        let count = entry.byteRange.count / 4
        let start = dataStart + entry.byteRange.lowerBound
        return bytes.withUnsafeBytes { raw in
            let source = UnsafeRawBufferPointer(rebasing: raw[start..<(start + count * 4)])
            return [Float](unsafeUninitializedCapacity: count) { buffer, initialised in
                // The header is not padded to 4 bytes by every writer, so
                // copy bytes rather than binding the mapping as Float.
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
                #if _endian(big)
                for index in 0..<count {
                    buffer[index] = Float(bitPattern: UInt32(littleEndian: buffer[index].bitPattern))
                }
                #endif
                initialised = count
            }
        }
    }

    private static func reason(_ error: any Error) -> String {
        let text = (error as NSError).localizedDescription
        return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? "unknown error"
    }
}
