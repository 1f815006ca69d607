import AuteurCore
import Foundation
import Testing
@testable import AuteurMedia

/// A two-shot cut with one marker, as an editor would receive it.
func sampleTimeline(metadataOrder reversed: Bool = false) -> OTIO.Timeline {
    let pairs: [(String, OTIO.Value)] = [("revision", .int(3)), ("seeds", .object(["project": .string("18446744073709551615")])),
                                         ("ops", .array([.object(["op": .string("relight"), "time_of_day": .string("sunset")])])),
                                         ("gain", .double(0.1)), ("done", .bool(true)), ("none", .null)]
    let meta = Dictionary(uniqueKeysWithValues: reversed ? pairs.reversed() : pairs)
    let available = OTIO.FrameSpan(start: 0, duration: 72)
    return OTIO.Timeline(name: "film", rate: 24, clips: [
        OTIO.Clip(name: "shot-1 (studio)", mediaURL: "cut.mp4", source: .init(start: 0, duration: 48), available: available),
        OTIO.Clip(name: "shot-2 (desert)", mediaURL: "cut.mp4", source: .init(start: 48, duration: 24), available: available),
    ], markers: [
        OTIO.Marker(name: "make it sunset", range: .init(start: 10, duration: 20), color: .orange, comment: "Sunset light.",
                    metadata: ["auteur": .object(meta)]),
    ])
}

/// Runs python3 with opentimelineio on `script`, the document on standard input.
func python(_ script: String, stdin: String) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script]
    let input = Pipe(), output = Pipe(), errors = Pipe()
    p.standardInput = input; p.standardOutput = output; p.standardError = errors
    try p.run()
    input.fileHandleForWriting.write(Data(stdin.utf8))
    try input.fileHandleForWriting.close()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else {
        throw AuteurError.badInput("python3 with opentimelineio failed: \(String(decoding: err, as: UTF8.self))")
    }
    return String(decoding: out, as: UTF8.self)
}

@Suite("OpenTimelineIO documents")
struct OTIOTests {
    func parsed(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Every OTIO_SCHEMA in a parsed document.
    func schemas(_ value: Any) -> Set<String> {
        if let d = value as? [String: Any] {
            return d.values.reduce(into: Set((d["OTIO_SCHEMA"] as? String).map { [$0] } ?? [])) { $0.formUnion(schemas($1)) }
        }
        if let a = value as? [Any] { return a.reduce(into: Set<String>()) { $0.formUnion(schemas($1)) } }
        return []
    }

    @Test func theDocumentHasOneVideoTrackOfClipsReferencingTheFilm() throws {
        let doc = try parsed(try OTIO.document(sampleTimeline()))
        #expect(doc["OTIO_SCHEMA"] as? String == "Timeline.1")
        let stack = try #require(doc["tracks"] as? [String: Any])
        #expect(stack["OTIO_SCHEMA"] as? String == "Stack.1")
        let tracks = try #require(stack["children"] as? [[String: Any]])
        #expect(tracks.count == 1 && tracks[0]["kind"] as? String == "Video")
        let clips = try #require(tracks[0]["children"] as? [[String: Any]])
        #expect(clips.map { $0["name"] as? String } == ["shot-1 (studio)", "shot-2 (desert)"])
        let second = clips[1]
        #expect(second["active_media_reference_key"] as? String == OTIO.defaultMediaKey)
        let refs = try #require(second["media_references"] as? [String: [String: Any]])
        #expect(refs[OTIO.defaultMediaKey]?["target_url"] as? String == "cut.mp4")
        let start = try #require((second["source_range"] as? [String: Any])?["start_time"] as? [String: Any])
        #expect(start["value"] as? Double == 48 && start["rate"] as? Double == 24)
        #expect(schemas(doc) == Set(OTIO.schemas))
    }

    @Test func theSameTimelineIsTheSameBytes() throws {
        let a = try OTIO.document(sampleTimeline())
        let b = try OTIO.document(sampleTimeline(metadataOrder: true))
        #expect(a == b, "metadata keys are written sorted, whatever order they were made in")
        #expect(a.contains(#""rate": 24.0"#) && a.contains(#""gain": 0.1"#) && a.hasSuffix("}\n"))
    }

    @Test func opentimelineioWritesBackTheSameDocument() throws {
        // Read by the reference implementation and written again: if any
        // field were missing, extra, misnamed or out of order, this differs.
        let ours = try OTIO.document(sampleTimeline())
        let theirs = try python("""
            import sys, opentimelineio as otio
            sys.stdout.write(otio.adapters.write_to_string(otio.adapters.read_from_string(sys.stdin.read(), "otio_json")))
            """, stdin: ours)
        #expect(theirs + "\n" == ours)
    }

    @Test func opentimelineioReadsClipsMarkersAndMetadata() throws {
        let out = try python("""
            import sys, opentimelineio as otio
            t = otio.adapters.read_from_string(sys.stdin.read(), "otio_json")
            clips = list(t.find_clips())
            m = t.video_tracks()[0].markers[0]
            print(len(t.video_tracks()), len(clips), clips[1].range_in_parent().start_time.value, t.duration().to_frames())
            print(m.name, m.color, m.marked_range.duration.value, m.metadata["auteur"]["seeds"]["project"])
            """, stdin: try OTIO.document(sampleTimeline()))
        #expect(out == "1 2 48.0 72\nmake it sunset ORANGE 20.0 18446744073709551615\n")
    }

    @Test func namesFromPeopleStayValidJSONAndSafeOnATerminal() throws {
        var t = sampleTimeline()
        let name = "say \"hi\"\\\n\u{1B}[31m\u{202E}evil\u{85}"
        t.markers[0].name = name
        let text = try OTIO.document(t)
        #expect(!text.contains("\u{1B}") && !text.contains("\u{202E}") && !text.contains("\u{85}"))
        let markers = try #require(((try parsed(text)["tracks"] as? [String: Any])?["children"] as? [[String: Any]])?[0]["markers"] as? [[String: Any]])
        #expect(markers[0]["name"] as? String == name)
    }

    @Test func integersBeyondInt64BecomeExactStrings() throws {
        let v = try JSONDecoder().decode(OTIO.Value.self, from: Data(#"{"a":[18446744073709551615,-3,0.5,true,null,"x"]}"#.utf8))
        #expect(v == .object(["a": .array([.string("18446744073709551615"), .int(-3), .double(0.5), .bool(true), .null, .string("x")])]))
    }

    @Test func aClipWithoutFramesIsRefused() {
        var t = sampleTimeline()
        t.clips[0].source.duration = 0
        #expect(throws: OTIO.WriteError.self) { try OTIO.document(t) }
        t = sampleTimeline()
        t.rate = 0
        #expect(throws: OTIO.WriteError.self) { try OTIO.document(t) }
    }
}
