import AuteurCore
import Foundation
import Testing
@testable import AuteurTUI

@Suite struct ThemeTests {
    static var shippedThemes: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Themes").resolvingSymlinksInPath().path
    }

    func scratch(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auteur-themes-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return dir
    }

    func scheme(_ name: String, base05: String = "\"d8d8d8\"", drop: String? = nil) -> String {
        var lines = ["scheme: \"\(name)\"", "author: \"test\""]
        for (i, key) in Theme.baseKeys.enumerated() where key != drop {
            lines.append("\(key): " + (key == "base05" ? base05 : "\"\(String(format: "%02x%02x%02x", i * 16, i * 8, 255 - i * 16))\""))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func everyShippedThemeLoads() throws {
        let library = ThemeLibrary(directories: [Self.shippedThemes])
        #expect(library.errors.isEmpty, "\(library.errors)")
        for id in ["default-dark", "default-light", "solarized-dark", "gruvbox-dark", "nord", "high-contrast"] {
            #expect(library.theme(named: id) != nil, "\(id)")
        }
        let dark = try #require(library.theme(named: "default-dark"))
        #expect(dark == Theme.defaultDark)
        #expect(dark.background == RGBColor(hex: "181818") && dark.error == RGBColor(hex: "ab4642"))
    }

    @Test func unquotedHexAndHashesAreAccepted() throws {
        let theme = try Theme(yaml: scheme("Plain", base05: "\"#102030\"").replacingOccurrences(of: "base00: \"0000ff\"", with: "base00: 000000"), file: "plain.yaml")
        #expect(theme.text == RGBColor(0x10, 0x20, 0x30))
        #expect(theme.background == RGBColor(0, 0, 0))
        #expect(theme.name == "Plain")
    }

    @Test func userThemesComeFromTheConfigDirectoryAndWin() throws {
        let config = try scratch([:])
        let user = config + "/auteur/themes"
        try FileManager.default.createDirectory(atPath: user, withIntermediateDirectories: true)
        try scheme("My Nord").write(toFile: user + "/nord.yaml", atomically: true, encoding: .utf8)
        #expect(ThemeLibrary.userDirectory(environment: ["XDG_CONFIG_HOME": config, "HOME": "/nowhere"]) == user)
        #expect(ThemeLibrary.userDirectory(environment: ["HOME": "/home/a"]) == "/home/a/.config/auteur/themes")
        let library = ThemeLibrary(directories: [Self.shippedThemes, user])
        #expect(library.theme(named: "nord")?.name == "My Nord")
        #expect(library.theme(named: "my nord")?.name == "My Nord")
        #expect(library.theme(named: "NORD") != nil)
        try? FileManager.default.removeItem(atPath: config)
    }

    @Test func malformedFilesGiveOneClearLineAndAreSkipped() throws {
        let dir = try scratch([
            "good.yaml": scheme("Good"),
            "missing.yaml": scheme("Missing", drop: "base0C"),
            "badhex.yaml": scheme("Bad", base05: "\"zz00zz\""),
            "notyaml.yaml": "scheme: [unclosed\nbase00: \"000000\"\n",
            "list.yaml": "- 1\n- 2\n",
            "nested.yaml": scheme("Nested", base05: "{r: 1}"),
        ])
        let library = ThemeLibrary(directories: [dir])
        #expect(library.names == ["good"])
        let messages = Dictionary(uniqueKeysWithValues: library.errors.map { (($0.file as NSString).lastPathComponent, $0.description) })
        #expect(messages["missing.yaml"]?.hasSuffix("missing.yaml: base0C is missing") == true)
        #expect(messages["badhex.yaml"]?.contains("base05 \"zz00zz\" is not a 6-digit hex colour") == true)
        #expect(messages["notyaml.yaml"]?.contains("not valid YAML (line") == true)
        #expect(messages["list.yaml"]?.contains("expected a mapping") == true)
        #expect(messages["nested.yaml"]?.contains("base05 must be a single value") == true)
        #expect(library.errors.allSatisfy { !$0.description.contains("\n") })
        try? FileManager.default.removeItem(atPath: dir)
    }

    @Test func themeColoursReachTheCells() {
        var m = demoModel()
        var light = Theme.defaultDark
        light.base[0] = RGBColor(250, 250, 250)
        m = update(m, .themeLoaded(light)).0
        #expect(view(m).buffer[0, 0].bg == RGBColor(250, 250, 250))
    }
}
