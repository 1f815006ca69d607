// AuteurMedia: everything that touches media files, and the only module that
// imports libav (CFFmpeg). Design rules, and why:
//
// - Every libav return code passes through `libav(_:_:file:)` and becomes a
//   `MediaError` that prints as one line: what we were doing, the file, and
//   libav's reason. Bad files never crash and never print libav's log spam
//   (logging is silenced once, on first use).
// - Export is split the way FFmpeg's mux.c is: `VideoEncoder` turns RGBA into
//   packets in its own time base (1/fps, pts = frame index), `AudioTrack` does
//   the same for sound, and `Muxer` writes packets from any time base into a
//   hidden partial file that `PartialFile` fsyncs and renames into place.
//   Keeping packets independent of the file is what lets a later segment cache
//   store encoded one-second closed GOPs and stream-copy them into a new mux.
// - Goldens hash what the encoder was fed (`EncoderInputLog`), never the
//   encoder's output, which changes between library versions. The colour
//   conversion is integer arithmetic of our own for 4:2:0 and swscale in
//   bit-exact mode for ProRes, so that input is the same on every CPU.
// - Analysis (FFT, envelope, onsets, colour statistics) is plain Swift in a
//   fixed order of operations: same input, same bits, on any thread count.
