/// Errors people see. Every case renders as one line that names what was
/// wrong; callers add where it happened (file, op number) in front.
public enum AuteurError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A request that breaks a rule of the scene format.
    case invalid(String)
    /// Something asked for does not exist (object, shot, revision).
    case notFound(String)
    /// A file or input that could not be read as what it claims to be.
    case badInput(String)
    /// The project store refused (locked, newer, corrupt).
    case store(String)

    public var description: String {
        switch self {
        case .invalid(let m), .notFound(let m), .badInput(let m), .store(let m): return m
        }
    }
}

extension AuteurError: CustomDebugStringConvertible {
    public var debugDescription: String { description }
}
