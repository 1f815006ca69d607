import Testing
@testable import AuteurTUI

private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

@Suite struct CapabilityTests {
    @Test func queryAsksForEverythingWithDA1Last() {
        let q = String(decoding: CapabilityQuery.bytes, as: UTF8.self)
        for part in ["\u{1B}[6n", "\u{1B}[>0q", "\u{1B}[?1;1;0S", "\u{1B}[?2;1;0S", "\u{1B}[16t", "\u{1B}[14t", "\u{1B}[?2026$p"] {
            #expect(q.contains(part))
        }
        #expect(q.hasSuffix("\u{1B}[c"))
    }

    @Test func xtermAsVT340() {
        let reply = "\u{1B}[24;1R\u{1B}P>|XTerm(390)\u{1B}\\\u{1B}[?1;0;1024S\u{1B}[?2;0;1000;1000S\u{1B}[6;20;10t\u{1B}[4;480;800t\u{1B}[?2026;0$y\u{1B}[?63;1;2;4;6;9;15;22c"
        let caps = CapabilityQuery.parse(bytes(reply))
        #expect(caps.sixel && caps.isComplete)
        #expect(caps.terminalVersion == "XTerm(390)")
        #expect(caps.colorRegisters == 1024)
        #expect(caps.sixelMaxSize == Size(width: 1000, height: 1000))
        #expect(caps.cellPixels == Size(width: 10, height: 20))
        #expect(caps.textAreaPixels == Size(width: 800, height: 480))
        #expect(!caps.synchronizedOutput)
        #expect(caps.cursorPosition?.row == 24)
        let d = GraphicsDecision.decide(option: nil, environment: ["TERM": "xterm"], capabilities: caps, utf8Locale: true)
        #expect(d.mode == .sixel && d.maxSixelColors == 256 && d.color == .truecolor)
    }

    @Test func tmuxAnswersWithoutSixelAndDefaultsToBlocks() {
        let caps = CapabilityQuery.parse(bytes("\u{1B}[1;1R\u{1B}P>|tmux 3.3a\u{1B}\\\u{1B}[?1;2c"))
        #expect(!caps.sixel && caps.terminalVersion == "tmux 3.3a" && caps.cellPixels == nil)
        let d = GraphicsDecision.decide(option: nil, environment: ["TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0"],
                                        capabilities: caps, utf8Locale: true)
        #expect(d.mode == .blocks && d.color == .palette256)
        #expect(d.cellPixels == Size(width: 10, height: 20))
        // Even a tmux that passes sixel through stays on blocks unless asked.
        var sixelTmux = caps
        sixelTmux.deviceAttributes = [62, 4]
        #expect(GraphicsDecision.decide(option: nil, environment: ["TMUX": "x", "TERM": "screen"], capabilities: sixelTmux, utf8Locale: true).mode == .blocks)
    }

    @Test func kittyLikeTerminalWithSynchronizedOutputAndC1Controls() {
        let reply: [UInt8] = bytes("\u{1B}P>|kitty(0.35.2)\u{1B}\\") + [0x9B] + bytes("?2026;2$y") + bytes("\u{1B}[6;32;16t\u{1B}[?62;c")
        let caps = CapabilityQuery.parse(reply)
        #expect(caps.synchronizedOutput)
        #expect(caps.cellPixels == Size(width: 16, height: 32))
        #expect(!caps.sixel && caps.isComplete)
        let d = GraphicsDecision.decide(option: nil, environment: ["TERM": "xterm-kitty"], capabilities: caps, utf8Locale: true)
        #expect(d.mode == .blocks && d.color == .truecolor && d.synchronizedOutput)
    }

    @Test func noAnswerLeavesEverythingUnknown() {
        let caps = CapabilityQuery.parse([])
        #expect(!caps.isComplete && !caps.sixel && caps.terminalVersion == nil)
        let d = GraphicsDecision.decide(option: nil, environment: ["TERM": "vt100"], capabilities: caps, utf8Locale: true)
        #expect(d.mode == .blocks && d.reason.contains("did not answer"))
    }

    @Test func garbageAndCutOffRepliesAreSkipped() {
        let noise: [UInt8] = [0x00, 0xFF, 0x1B, 0x1B, 0x5B, 0x1B] + bytes("hello\u{1B}[?1;0;256S\u{1B}[??;;c")
            + bytes("\u{1B}P>|cut-off") + bytes("\u{1B}[?64;4c") + bytes("\u{1B}[6;20")
        let caps = CapabilityQuery.parse(noise)
        #expect(caps.colorRegisters == 256)
        #expect(caps.sixel)
        #expect(caps.cellPixels == nil)
        #expect(caps.terminalVersion == nil)
    }

    @Test func failedXTSMGRAPHICSIsIgnored() {
        #expect(CapabilityQuery.parse(bytes("\u{1B}[?1;3;0S")).colorRegisters == nil)
    }

    @Test func cellSizeFallsBackToTheTextArea() {
        let caps = CapabilityQuery.parse(bytes("\u{1B}[4;480;800t"))
        #expect(caps.cellPixels(rows: 24, columns: 80) == Size(width: 10, height: 20))
    }

    @Test func cellSizeFallsBackToThePtysPixelsWhenTheTerminalSaysNothing() {
        // Stock xterm answers no window operations but fills in the pty's size.
        var caps = CapabilityQuery.parse(bytes("\u{1B}[?64;4c"))
        #expect(caps.cellPixels(rows: 40, columns: 120) == nil)
        caps.ptyPixels = Size(width: 720, height: 520)
        #expect(caps.cellPixels(rows: 40, columns: 120) == Size(width: 6, height: 13))
        let decision = GraphicsDecision.decide(option: nil, environment: ["TERM": "xterm"], capabilities: caps, utf8Locale: true,
                                               terminalSize: Size(width: 120, height: 40))
        #expect(decision.mode == .sixel && decision.cellPixels == Size(width: 6, height: 13))
        // What the terminal reports wins over the pty.
        caps.cellPixels = Size(width: 9, height: 18)
        #expect(caps.cellPixels(rows: 40, columns: 120) == Size(width: 9, height: 18))
    }

    @Test func explicitChoicesAndEnvironmentWin() {
        var sixel = TerminalCapabilities()
        sixel.deviceAttributes = [4]
        func mode(_ option: GraphicsMode?, _ env: [String: String], utf8: Bool = true) -> GraphicsDecision {
            GraphicsDecision.decide(option: option, environment: env, capabilities: sixel, utf8Locale: utf8)
        }
        #expect(mode(.ascii, ["TERM": "xterm", "AUTEUR_GRAPHICS": "blocks"]).mode == .ascii)
        #expect(mode(nil, ["TERM": "xterm", "AUTEUR_GRAPHICS": "blocks"]).mode == .blocks)
        #expect(mode(nil, ["TERM": "xterm", "AUTEUR_GRAPHICS": "BLOCKS"]).mode == .blocks)
        #expect(mode(nil, ["TERM": "dumb"]).mode == .ascii)
        #expect(mode(nil, ["TERM": "dumb"]).color == .none && !mode(nil, ["TERM": "dumb"]).unicode)
        #expect(mode(nil, ["TERM": "xterm", "NO_COLOR": "1"]).mode == .ascii)
        #expect(mode(nil, ["TERM": "xterm", "NO_COLOR": "1"]).color == .none)
        #expect(mode(nil, ["TERM": "xterm", "NO_COLOR": ""]).mode == .sixel)
        #expect(mode(.sixel, ["TERM": "xterm", "NO_COLOR": "1"]).mode == .sixel)
        #expect(mode(nil, ["TERM": "xterm", "COLORTERM": "truecolor"]).color == .truecolor)
        // Without UTF-8 there are no half blocks.
        #expect(mode(.blocks, ["TERM": "xterm"], utf8: false).mode == .ascii)
    }
}
