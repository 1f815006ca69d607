#ifndef AUTEUR_CFFMPEG_SHIM_H
#define AUTEUR_CFFMPEG_SHIM_H
#include <errno.h>
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/channel_layout.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
#include <libswresample/swresample.h>

// Function-like and compound-literal macros are not imported by Swift.
static inline int auteur_averror(int e) { return AVERROR(e); }
static inline int auteur_averror_eof(void) { return AVERROR_EOF; }
static inline int auteur_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int auteur_averror_stream_not_found(void) { return AVERROR_STREAM_NOT_FOUND; }
static inline int auteur_averror_decoder_not_found(void) { return AVERROR_DECODER_NOT_FOUND; }
static inline int64_t auteur_av_nopts_value(void) { return AV_NOPTS_VALUE; }
static inline AVRational auteur_av_time_base_q(void) { return AV_TIME_BASE_Q; }
static inline void auteur_av_strerror(int code, char *buffer, size_t size) {
    if (av_strerror(code, buffer, size) < 0) {
        snprintf(buffer, size, "unknown libav error %d", code);
    }
}
#endif
