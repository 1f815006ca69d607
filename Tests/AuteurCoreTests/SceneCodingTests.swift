import AuteurCore
import Foundation
import Testing

@Suite("Scenes and ops as JSON")
struct SceneCodingTests {
    @Test func everyOpRoundTripsThroughJSON() throws {
        for op in everyOp {
            let data = try CanonicalJSON.encode([op])
            let back = try CanonicalJSON.decode([Op].self, from: data)
            #expect(back == [op], "op \(op.name) changed in a JSON round trip: \(String(decoding: data, as: UTF8.self))")
        }
        #expect(Set(everyOp.map(\.name)) == Set(Op.names), "the fixture must hold one op of every kind")
    }

    @Test func aRichSceneRoundTripsExactly() throws {
        let project = try desertProject().applying(everyOp)
        let json = try CanonicalJSON.encode(project)
        let back = try Project.fromJSON(json)
        #expect(back == project)
        // Canonical: encoding the decoded scene gives the same bytes.
        #expect(try CanonicalJSON.encode(back) == json)
    }

    @Test func opsReadTheirDocumentedJSONForm() throws {
        let text = """
            [{"op":"relight","time_of_day":"sunset","scope":{"frames":"48-95"},"transition":6},
             {"op":"set","object":"car","property":"color","value":"#0000ff"},
             {"op":"weather","weather":{"kind":"clear"}}]
            """
        let ops = try CanonicalJSON.decode([Op].self, from: Data(text.utf8))
        #expect(ops == [
            .relight(Relight(timeOfDay: .preset(.sunset), scope: Scope(frames: FrameRange(48, 95)), transition: 6)),
            .set(SetProperty(object: "car", property: .color, value: .color(RGBColor(0, 0, 255)))),
            .weather(SetWeather(weather: .clear)),
        ])
    }

    @Test(arguments: [
        (#"[{"op":"relight","time_of_day":"teatime"}]"#, "$[0].time_of_day"),
        (#"[{"op":"add","kind":"car","colour":"red"}]"#, "$[0].colour"),
        (#"[{"op":"fly"}]"#, "$[0].op"),
        (#"[{"op":"add","kind":"car"},{"op":"set","object":"car-1","property":"color"}]"#, "$[1].value"),
        (#"[{"op":"relight","time_of_day":"noon","scope":{"frames":"9-3x"}}]"#, "$[0].scope.frames"),
        (#"[{"op":"weather","weather":{"kind":"rain","intensity":7}}]"#, "$[0].weather.intensity"),
        // A typo inside a nested object must not silently widen an edit.
        (#"[{"op":"relight","time_of_day":"dusk","scope":{"frame":"48-95"}}]"#, "$[0].scope.frame"),
        (#"[{"op":"add","kind":"ball","physics":{"restitution":3}}]"#, "$[0].physics.restitution"),
        (#"[{"op":"add","kind":"ball","path":[{"frame":0,"valeu":[0,0]}]}]"#, "$[0].path[0].valeu"),
        (#"[{"op":"restyle","style":"cyberpunk"}]"#, "$[0].style"),
    ])
    func badJSONNamesThePathOfTheProblem(text: String, path: String) throws {
        do {
            _ = try CanonicalJSON.decode([Op].self, from: Data(text.utf8), what: "ops")
            Issue.record("decoded invalid ops: \(text)")
        } catch let e as AuteurError {
            #expect(e.description.contains(path), "\(e.description) should name \(path)")
            #expect(!e.description.contains("\n"))
        }
    }

    @Test func unknownNamesListWhatWouldBeAccepted() throws {
        do {
            _ = try CanonicalJSON.decode([Op].self, from: Data(#"[{"op":"add","kind":"zebra"}]"#.utf8))
            Issue.record("decoded an unknown kind")
        } catch let e as AuteurError {
            #expect(e.description.contains("unknown value \"zebra\"") && e.description.contains("car, truck"))
        }
    }

    @Test func notJSONAtAllIsOneLine() {
        #expect(throws: AuteurError.self) { try CanonicalJSON.decode([Op].self, from: Data("{nope".utf8)) }
        do { _ = try CanonicalJSON.decode([Op].self, from: Data("{nope".utf8)) } catch {
            #expect("\(error)".contains("not valid JSON"))
        }
    }

    @Test func newerSceneFormatsAreRefused() throws {
        var json = try JSONSerialization.jsonObject(with: CanonicalJSON.encode(try desertProject())) as! [String: Any]
        json["format"] = 99
        let data = try JSONSerialization.data(withJSONObject: json)
        #expect(throws: AuteurError.self) { try Project.fromJSON(data) }
    }

    @Test func frameRangesParseFramesAndSeconds() {
        #expect(FrameRange(parsing: "30-60", fps: 24) == FrameRange(30, 60))
        #expect(FrameRange(parsing: "2s-4s", fps: 24) == FrameRange(48, 95))
        #expect(FrameRange(parsing: "42", fps: 24) == FrameRange(42, 42))
        #expect(FrameRange(parsing: "60-30", fps: 24) == nil)
        #expect(FrameRange(parsing: "a-b", fps: 24) == nil)
        #expect(FrameRange(parsing: "-3", fps: 24) == nil)
    }

    @Test func canvasLimitsAreEnforced() {
        #expect(throws: AuteurError.self) { try Canvas(width: 4098, height: 2160).validate() }
        #expect(throws: AuteurError.self) { try Canvas(width: 15, height: 16).validate() }
        #expect(throws: AuteurError.self) { try Canvas(width: 641, height: 360).validate() }
        #expect(throws: AuteurError.self) { try Canvas(fps: 23).validate() }
        #expect(throws: AuteurError.self) { try Canvas(fps: 121).validate() }
        #expect(throws: Never.self) { try Canvas(width: 4096, height: 2160, fps: 120).validate() }
        #expect(throws: Never.self) { try Canvas(width: 16, height: 16, fps: 24).validate() }
        let p = Project()
        #expect(p.canvas == Canvas(width: 1280, height: 720, fps: 24))
        #expect(p.totalFrames == 144)
    }

    @Test func theSequenceIsAtMostTwoMinutes() throws {
        let p = Project(canvas: Canvas(fps: 120), seconds: 119)
        #expect(throws: AuteurError.self) { try p.applying([.extend(ShotLength(frames: 121))]) }
        #expect(try p.applying([.extend(ShotLength(frames: 120))]).seconds == 120)
    }
}
