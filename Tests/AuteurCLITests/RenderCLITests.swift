import AuteurCore
import AuteurRender
import Foundation
import Testing

/// Reads a PNG back through ffmpeg (an independent decoder) as RGBA bytes.
func decodePNG(_ path: String) throws -> (width: Int, height: Int, pixels: [UInt8]) {
    func run(_ args: [String]) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return data
    }
    let size = String(decoding: try run(["ffprobe", "-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", path]), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").compactMap { Int($0) }
    let pixels = try run(["ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgba", "-"])
    return (size.first ?? 0, size.last ?? 0, [UInt8](pixels))
}

@Suite("Rendering from the command line", .serialized)
struct RenderCLITests {
    func scene() throws -> (URL, String) {
        let dir = try tempDir()
        let p = dir.appendingPathComponent("p.auteur").path
        try CLI.run(["new", p, "--size", "320x180", "--seconds", "2"])
        let r = try CLI.run(["apply", p, "-"], stdin: """
            [{"op":"setting","setting":"desert"},{"op":"relight","time_of_day":"sunset"},
             {"op":"add","id":"car","kind":"car","color":"red","path":[{"frame":0,"value":[0.2,0.7]},{"frame":47,"value":[0.8,0.7]}]}]
            """)
        #expect(r.status == 0, "\(r.err)")
        return (dir, p)
    }

    @Test func aFrameIsWrittenAsAPNGThatMatchesTheRenderer() throws {
        let (dir, p) = try scene()
        defer { try? FileManager.default.removeItem(at: dir) }
        let png = dir.appendingPathComponent("f.png").path
        let r = try CLI.run(["frame", p, "--at", "1s", "-o", png])
        #expect(r.status == 0, "\(r.err)")
        let decoded = try decodePNG(png)
        #expect(decoded.width == 320 && decoded.height == 180)
        // The same frame rendered in this process, from the scene the file holds.
        let project = try Project.fromJSON(Data(try CLI.run(["scene", p, "--json"]).out.utf8))
        let image = Regenerator(width: 320, height: 180, threads: 1).render(FrameComposer(project: project, width: 320, height: 180).compose(24))
        #expect(decoded.pixels == image.pixels, "the PNG holds exactly the rendered frame")
        let small = dir.appendingPathComponent("s.png").path
        #expect(try CLI.run(["frame", p, "--at", "0", "-o", small, "--size", "160x90"]).status == 0)
        #expect(try decodePNG(small).width == 160)
        let late = try CLI.run(["frame", p, "--at", "900", "-o", small])
        #expect(late.status == 1 && late.err.contains("past the end"))
    }

    @Test func explainNamesTheObjectsAndLayersOfEachPatch() throws {
        let (dir, p) = try scene()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["frame", p, "--at", "10", "--explain"])
        #expect(r.status == 0)
        #expect(r.out.contains("object car [A]") && r.out.contains("environment: 60 patches"))
        #expect(r.out.contains("seeds: car "))
        let json = try CLI.run(["frame", p, "--at", "10", "--explain", "--json"])
        let patches = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as! [[String: Any]]
        #expect(patches.count == 60)
        let withCar = patches.filter { ($0["sources"] as! [String]).contains("object car") }
        #expect(!withCar.isEmpty && withCar.count < 20)
    }

    @Test func applyReportsWhatItRegenerated() throws {
        let (dir, p) = try scene()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["apply", p, "-", "--json", "--frames", "10-19"], stdin: #"[{"op":"set","object":"car","property":"color","value":"blue"}]"#)
        #expect(r.status == 0, "\(r.err)")
        let out = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        let stats = try #require(out["stats"] as? [String: Any])
        #expect(stats["frames_total"] as? Int == 48)
        #expect(stats["frames_changed"] as? Int == 10, "only the selected frames change")
        let changed = stats["patches_changed"] as! Int, total = stats["patches_total"] as! Int
        #expect(total == 48 * 60 && changed > 0 && changed < 10 * 60 / 2, "only the car's patches in those frames")
        let rendered = stats["patches_rendered"] as! Int
        #expect(rendered <= changed)
    }

    @Test func contactSheets() throws {
        let (dir, p) = try scene()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sheet = dir.appendingPathComponent("sheet.png").path
        #expect(try CLI.run(["contact-sheet", p, "-o", sheet, "--count", "6", "--columns", "3", "--thumb-width", "160"]).status == 0)
        let s = try decodePNG(sheet)
        #expect(s.width > 3 * 160 && s.height > 2 * 90)
        let catalog = dir.appendingPathComponent("catalog.png").path
        let c = try CLI.run(["contact-sheet", "--catalog", "-o", catalog])
        #expect(c.status == 0, "\(c.err)")
        #expect(try decodePNG(catalog).width >= 1600, "every kind and variant, 10 to a row")
        #expect(try CLI.run(["contact-sheet", "-o", catalog]).status == 2, "a project or --catalog is needed")
    }
}
