import AuteurCore
import Testing
@testable import AuteurTUI

/// The transcript scrolls back with PgUp/PgDn and Shift+Up/Down while the
/// chat has focus, says so while it is not at the bottom, and a reply
/// brings it back.
@Suite struct ChatScrollTests {
    /// A chat with forty numbered replies, far more than 80x24 shows.
    func longChat() -> AppModel {
        var m = demoModel()
        m.transcript = (0..<40).map { TranscriptEntry(.ok, "reply \($0)") }
        return m
    }

    func shown(_ m: AppModel) -> [Int] {
        view(m).buffer.lines.flatMap { line in
            line.split(separator: "│").compactMap { part -> Int? in
                let words = part.split(separator: " ")
                guard words.count == 2, words[0] == "reply" else { return nil }
                return Int(words[1])
            }
        }
    }

    func press(_ m: AppModel, _ keys: Key...) -> AppModel { replay(m, keys.map { .key($0) }).0 }

    @Test func pageUpShowsOlderLinesAndSaysHowFarBack() {
        let m = longChat()
        let bottom = shown(m)
        #expect(bottom.last == 39)
        #expect(!view(m).buffer.lines.joined().contains("newer"))
        let back = press(m, .pageUp)
        let older = shown(back)
        #expect(back.chatScroll > 0)
        #expect(older.last! < bottom.last! && older.first! < bottom.first!)
        // A page keeps one line of context.
        #expect(older.last == bottom.first)
        #expect(view(back).buffer.lines.joined().contains("\(back.chatScroll) newer lines (PgDn)"))
        #expect(shown(press(back, .pageDown)) == bottom)
    }

    @Test func shiftArrowsScrollByALineAndStopAtTheEnds() {
        let m = longChat()
        let one = press(m, Key(.up, shift: true))
        #expect(one.chatScroll == 1)
        #expect(shown(one).last == 38)
        #expect(press(one, Key(.down, shift: true), Key(.down, shift: true)).chatScroll == 0)
        let top = replay(m, Array(repeating: .key(.pageUp), count: 30)).0
        #expect(shown(top).first == 0)
        // Further back than the oldest line changes nothing, so PgDn answers at once.
        #expect(press(top, .pageUp) == top)
        #expect(press(top, .pageDown).chatScroll < top.chatScroll)
        // Scrolling never touches what is being typed.
        #expect(press(press(m, .char("a")), .pageUp, .pageDown).input.string == "a")
    }

    @Test func aReplyOrAnErrorReturnsToTheBottom() {
        let back = press(longChat(), .pageUp, .pageUp)
        let replied = update(back, .turnReplied([TranscriptEntry(.ok, "reply 40")])).0
        #expect(replied.chatScroll == 0)
        #expect(shown(replied).last == 40)
        #expect(update(back, .error("disk full")).0.chatScroll == 0)
    }

    @Test func theTimelineStillUsesPageKeysForSeconds() {
        let m = press(longChat(), .tab, .pageDown)
        #expect(m.frame == 24 && m.chatScroll == 0)
    }

    @Test func aShortChatDoesNotScroll() {
        var m = demoModel()
        m.transcript = [TranscriptEntry(.ok, "reply 0")]
        #expect(press(m, .pageUp).chatScroll == 0)
    }
}
