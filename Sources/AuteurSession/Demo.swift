import AuteurCore
import Foundation

/// The built-in demo: the turns a person might type to make a first shot,
/// as JSON ops until the natural-language planner reads them as words.
public enum Demo {
    public struct Turn: Sendable {
        /// What the person means, shown beside the turn.
        public var words: String
        /// The turn as the session receives it.
        public var text: String
        public var selection: Selection
    }

    public static let canvas = Canvas(width: 1280, height: 720, fps: 24)
    public static let seconds = 6.0
    public static let seed: UInt64 = 2026

    public static let turns: [Turn] = [
        Turn(words: "a red car drives from left to right across a desert at noon", text: """
            [{"op":"setting","setting":"desert"},{"op":"relight","time_of_day":"noon"},
             {"op":"add","id":"car","kind":"car","variant":"sedan","color":"red",
              "path":[{"frame":0,"value":[-0.15,0.78],"easing":"linear"},{"frame":143,"value":[1.15,0.78]}]}]
            """, selection: Selection()),
        Turn(words: "[frames 48-95 selected] change the lighting to sunset", text: """
            [{"op":"relight","time_of_day":"sunset","transition":6}]
            """, selection: Selection(frames: FrameRange(48, 95))),
        Turn(words: "make the car a vintage convertible", text: """
            [{"op":"replace","object":"car","variant":"vintage-convertible"}]
            """, selection: Selection()),
        Turn(words: "then cut to the car at dusk in the city", text: """
            [{"op":"add_shot","id":"city","frames":72,"setting":"city","time_of_day":"dusk","objects":["car"]}]
            """, selection: Selection()),
    ]
}
