/// JUMBF (ISO/IEC 19566-5) boxes, the container C2PA keeps manifests in:
/// a superbox `jumb` holds a description box `jumd` (type UUID, label) and
/// content boxes.
enum JUMBF {
    /// The 12 bytes that follow a 4cc to make a JUMBF type UUID.
    static let typeSuffix: [UInt8] = [0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]

    /// Superbox types C2PA uses: the store, one manifest, the assertion
    /// store, the claim, the signature, and a CBOR assertion.
    enum Kind: String {
        case store = "c2pa", manifest = "c2ma", assertions = "c2as", claim = "c2cl", signature = "c2cs", cbor = "cbor"
        var uuid: [UInt8] { Array(rawValue.utf8) + JUMBF.typeSuffix }
    }

    /// A box: u32 size including the 8-byte header, the 4cc, the payload.
    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 8)
        out.appendBigEndian(UInt32(payload.count + 8))
        out += type.utf8
        out += payload
        return out
    }

    /// A labelled superbox. Toggles 0x03: requestable, with a label.
    static func superbox(_ kind: Kind, label: String, _ contents: [[UInt8]]) -> [UInt8] {
        let description = box("jumd", kind.uuid + [0x03] + Array(label.utf8) + [0])
        return box("jumb", description + contents.joined())
    }

    /// A superbox whose content is one CBOR box.
    static func cbor(_ kind: Kind, label: String, _ value: CBOR) -> [UInt8] {
        superbox(kind, label: label, [box("cbor", value.encoded)])
    }

    /// A superbox as read back: its type, label, the content boxes after
    /// the description, and its own bytes (assertion hashes cover them).
    struct Node {
        var kind: String
        var label: String
        var bytes: ArraySlice<UInt8>
        /// Content boxes after `jumd`: (4cc, payload).
        var contents: [(type: String, payload: ArraySlice<UInt8>)]

        /// The child superboxes.
        func children() throws(ProvenanceError) -> [Node] {
            try contents.filter { $0.type == "jumb" }.map { (c) throws(ProvenanceError) in try Node(jumbPayload: c.payload) }
        }

        func child(_ label: String) throws(ProvenanceError) -> Node? {
            try children().first { $0.label == label }
        }

        /// The payload of the first `cbor` content box, decoded.
        func cborContent() throws(ProvenanceError) -> (bytes: ArraySlice<UInt8>, value: CBOR) {
            guard let payload = contents.first(where: { $0.type == "cbor" })?.payload else {
                throw .malformed("the box \(label) has no CBOR content")
            }
            do { return (payload, try CBOR.decode(payload)) } catch {
                throw .malformed("the CBOR of \(label) is damaged at byte \(error.offset): \(error.reason)")
            }
        }

        /// Reads a `jumb` superbox from its payload (the bytes after its header).
        init(jumbPayload payload: ArraySlice<UInt8>) throws(ProvenanceError) {
            let boxes = try JUMBF.boxes(in: payload)
            guard let first = boxes.first, first.type == "jumd", first.payload.count >= 17 else {
                throw .malformed("a JUMBF superbox has no description box")
            }
            let d = first.payload
            let start = d.startIndex
            kind = String(decoding: d[start..<start + 4], as: UTF8.self)
            let labelBytes = d[(start + 17)...].prefix { $0 != 0 }
            label = (d[start + 16] & 0x02) != 0 ? String(decoding: labelBytes, as: UTF8.self) : ""
            bytes = payload
            contents = Array(boxes.dropFirst())
        }
    }

    /// Splits a run of boxes into (4cc, payload). Sizes must fit exactly.
    static func boxes(in data: ArraySlice<UInt8>) throws(ProvenanceError) -> [(type: String, payload: ArraySlice<UInt8>)] {
        var out: [(String, ArraySlice<UInt8>)] = []
        var at = data.startIndex
        while at < data.endIndex {
            guard data.endIndex - at >= 8 else { throw .malformed("a JUMBF box header is truncated") }
            let size = Int(data.bigEndian(at: at, width: 4))
            guard size >= 8, size <= data.endIndex - at else { throw .malformed("a JUMBF box claims \(size) bytes") }
            out.append((String(decoding: data[at + 4..<at + 8], as: UTF8.self), data[at + 8..<at + size]))
            at += size
        }
        return out
    }
}
