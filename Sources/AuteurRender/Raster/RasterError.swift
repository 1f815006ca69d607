/// Failures of the raster engine that a person can act on. Each renders as
/// one line naming the file and what went wrong.
public enum RasterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// FreeType could not open or read the font (missing file, not a font).
    case fontUnreadable(path: String, freetypeError: Int32)
    /// An image could not be written (no such directory, no permission, full disk).
    case fileWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .fontUnreadable(let path, let code):
            return "cannot read font \(path) (FreeType error \(code))"
        case .fileWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }
}
