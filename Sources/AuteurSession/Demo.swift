import AuteurCore
import Foundation

/// The built-in demo: the turns a person might type to make a first shot,
/// said through the same planner as every other turn.
public enum Demo {
    public struct Turn: Sendable {
        /// The turn, as typed in the chat.
        public var text: String
        /// What was selected on the timeline when it was typed.
        public var selection: Selection
    }

    public static let canvas = Canvas(width: 1280, height: 720, fps: 24)
    public static let seconds = 6.0
    public static let seed: UInt64 = 2026

    public static let turns: [Turn] = [
        Turn(text: "a red car drives from left to right across a desert at noon", selection: Selection()),
        Turn(text: "change the lighting to sunset", selection: Selection(frames: FrameRange(48, 95))),
        Turn(text: "make the car a vintage convertible", selection: Selection()),
        Turn(text: "then cut to the car at dusk in a city", selection: Selection()),
    ]
}
