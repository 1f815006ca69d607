import AuteurCore
import Foundation
import Yams

/// A Base16 colour scheme and the UI roles it gives colours to, following
/// the Base16 styling guide: base00-07 run from background to brightest
/// foreground, base08-0F are accents (red, orange, yellow, green, cyan,
/// blue, magenta, brown).
public struct Theme: Hashable, Sendable {
    public var name: String
    public var author: String
    /// base00 through base0F.
    public var base: [RGBColor]

    public init(name: String, author: String, base: [RGBColor]) {
        precondition(base.count == 16, "a Base16 theme has 16 colours")
        self.name = name; self.author = author; self.base = base
    }

    public var background: RGBColor { base[0x00] }
    public var panel: RGBColor { base[0x01] }
    public var selection: RGBColor { base[0x02] }
    public var muted: RGBColor { base[0x03] }
    public var border: RGBColor { base[0x03] }
    public var secondaryText: RGBColor { base[0x04] }
    public var text: RGBColor { base[0x05] }
    public var brightText: RGBColor { base[0x07] }
    public var error: RGBColor { base[0x08] }
    public var changed: RGBColor { base[0x09] }
    public var warning: RGBColor { base[0x0A] }
    public var ok: RGBColor { base[0x0B] }
    public var ruler: RGBColor { base[0x0C] }
    public var focus: RGBColor { base[0x0D] }
    public var question: RGBColor { base[0x0E] }
    public var shotBoundary: RGBColor { base[0x0F] }

    /// Used when no theme file can be read, so the UI always has colours.
    public static let defaultDark = Theme(name: "Default Dark", author: "Chris Kempson (base16 default)", base: [
        "181818", "282828", "383838", "585858", "b8b8b8", "d8d8d8", "e8e8e8", "f8f8f8",
        "ab4642", "dc9656", "f7ca88", "a1b56c", "86c1b9", "7cafc2", "ba8baf", "a16946",
    ].map { RGBColor(hex: $0)! })

    public static let baseKeys = (0..<16).map { String(format: "base%02X", $0) }
}

/// A theme file that could not be used; renders as one line naming the file.
public struct ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var problem: String
    public init(file: String, problem: String) { self.file = file; self.problem = problem }
    public var description: String { "\(file): \(problem)" }
}

extension Theme {
    /// Parses a Base16 scheme (`scheme`, `author`, `base00`...`base0F`).
    /// Hex values may be quoted or not, with or without `#`.
    public init(yaml: String, file: String) throws(ThemeError) {
        func fail(_ problem: String) -> ThemeError { ThemeError(file: file, problem: problem) }
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw fail("not valid YAML (\(ThemeLibrary.oneLine(error)))")
        } catch {
            throw fail("not valid YAML")
        }
        guard let mapping = node?.mapping else { throw fail("expected a mapping of scheme, author and base00-base0F") }
        var values: [String: String] = [:]
        for (k, v) in mapping {
            guard let key = k.scalar?.string else { continue }
            guard let value = v.scalar?.string else { throw fail("\(key) must be a single value") }
            values[key] = value
        }
        var base: [RGBColor] = []
        for key in Theme.baseKeys {
            let found = values[key] ?? values[key.lowercased()]
            guard let text = found else { throw fail("\(key) is missing") }
            guard let color = RGBColor(hex: text.trimmingCharacters(in: .whitespaces)) else {
                throw fail("\(key) \"\(TerminalText.sanitize(text))\" is not a 6-digit hex colour")
            }
            base.append(color)
        }
        let fallbackName = (file as NSString).lastPathComponent.replacingOccurrences(of: ".yaml", with: "")
        self.init(name: TerminalText.sanitize(values["scheme"] ?? fallbackName),
                  author: TerminalText.sanitize(values["author"] ?? ""), base: base)
    }
}

/// Themes found on disk: those shipped in the repository's Themes/ and the
/// person's own in `${XDG_CONFIG_HOME:-~/.config}/auteur/themes`, which win
/// on a name clash.
public struct ThemeLibrary: Sendable {
    public struct Entry: Sendable, Hashable {
        /// The file name without `.yaml`, as typed in `:theme`.
        public var id: String
        public var theme: Theme
    }
    public var entries: [Entry]
    public var errors: [ThemeError]

    public static func userDirectory(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/auteur/themes" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/auteur/themes" }
        return nil
    }

    /// Loads every `*.yaml` in the directories, in order; a missing
    /// directory is no error, a malformed file is reported and skipped.
    public init(directories: [String]) {
        entries = []; errors = []
        let fm = FileManager.default
        for dir in directories {
            guard let names = try? fm.contentsOfDirectory(atPath: dir) else { continue }
            for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                let path = dir + "/" + name
                let id = String(name.prefix { $0 != "." })
                do {
                    guard let data = fm.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                        throw ThemeError(file: path, problem: "cannot be read as UTF-8 text")
                    }
                    let theme = try Theme(yaml: text, file: path)
                    entries.removeAll { $0.id == id }
                    entries.append(Entry(id: id, theme: theme))
                } catch let e as ThemeError {
                    errors.append(e)
                } catch {
                    errors.append(ThemeError(file: path, problem: "\(error)"))
                }
            }
        }
    }

    /// By file name or scheme name, ignoring case.
    public func theme(named name: String) -> Theme? {
        let n = name.lowercased()
        return entries.first { $0.id.lowercased() == n }?.theme ?? entries.first { $0.theme.name.lowercased() == n }?.theme
    }

    public var names: [String] { entries.map(\.id) }

    static func oneLine(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "line \(mark.line): \(problem)"
        default:
            return String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable"
        }
    }
}
