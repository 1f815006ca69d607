#ifndef AUTEUR_CNCURSESW_SHIM_H
#define AUTEUR_CNCURSESW_SHIM_H
// SwiftPM drops the -D flags of ncursesw.pc, so the wide-character API has to
// be switched on here, before curses.h is read.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>

// Swift 6 rejects the mutable global `stdscr` and does not import
// function-like macros; these re-export them as functions.
static inline WINDOW *auteur_stdscr(void) { return stdscr; }
static inline int auteur_lines(void) { return LINES; }
static inline int auteur_cols(void) { return COLS; }
static inline int auteur_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline attr_t auteur_attr_bold(void) { return A_BOLD; }
static inline attr_t auteur_attr_reverse(void) { return A_REVERSE; }
static inline attr_t auteur_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t auteur_attr_dim(void) { return A_DIM; }
static inline attr_t auteur_attr_normal(void) { return A_NORMAL; }
static inline int auteur_key_resize(void) { return KEY_RESIZE; }
static inline int auteur_key_code_yes(void) { return KEY_CODE_YES; }
static inline int auteur_err(void) { return ERR; }
static inline int auteur_ok(void) { return OK; }
static inline int auteur_colors(void) { return COLORS; }
static inline int auteur_color_pairs(void) { return COLOR_PAIRS; }
static inline int auteur_key_f0(void) { return KEY_F0; }
#endif
