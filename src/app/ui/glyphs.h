// glyphs.h — every script and emoji drawn: the glyphs the embedded UI font (Inter, Latin only) lacks are
// drawn on first need by the platform (in the browser: its own fonts, colour emoji included, into a 2D
// canvas) and added to ImGui's font atlas as custom glyph rectangles.
//
// Why this way: Dear ImGui 1.86 has no dynamic atlas, so a glyph added later means rebuilding the atlas;
// shipping CJK, Hangul, Arabic, Thai and emoji fonts in the page would weigh megabytes, while the
// browser already has fonts for every script the user reads. The flow, once per frame at most:
//   1. ImGui looks up a glyph it does not have (the web build's imgui_draw.cpp calls note_missing());
//      that frame draws ImGui's fallback for it.
//   2. Between frames the platform takes the pending code points, draws each (draw_glyphs in
//      src/platform/web) and hands the bitmaps to add().
//   3. They join the atlas without rebuilding it: each build keeps a free room (kPoolRows rows of the atlas's
//      width) where place_new() shelves new glyphs and adds them to the font, and the platform sends only their
//      rectangles to the texture. Only when the room is full is the font atlas rebuilt (theme.cpp calls
//      reserve_rects() before Build and fill_rects() after), which gives every glyph its own rectangle and a
//      fresh free room. Either way the next frame draws the text as the browser would.
// A code point the platform cannot draw is remembered and not asked for again. Everything is bounded:
// kMaxGlyphs glyphs in all, kMaxPerBatch per rebuild.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

struct ImFont;
struct ImFontAtlas;

namespace pinlab::app::glyphs {

constexpr size_t kMaxGlyphs = 4096;   // drawn glyphs kept in the atlas (about 8 MB of RGBA at 2x DPR)
constexpr size_t kMaxPerBatch = 512;  // drawn per rebuild; the rest follow on the next frames
constexpr int kPoolWidth = 1024;      // the free room each atlas build keeps for glyphs to come: this wide,
constexpr int kPoolRows = 6;          // this many lines of text tall (about 300 CJK glyphs at 1x, 180 at 2x)

// One glyph as the platform drew it: `rgba` is w*h*4 bytes, straight (not premultiplied) alpha. A monochrome
// glyph is white with its coverage in alpha, so ImGui tints it with the text colour; a colour one (emoji)
// keeps its colours and is drawn untinted.
struct Bitmap {
    uint32_t codepoint = 0;
    int w = 0, h = 0;
    float advance = 0;             // pen advance in pixels
    float offset_x = 0, offset_y = 0;  // top-left of the bitmap from the pen position at the line's top
    bool colored = false;
    bool no_font = false;  // the platform has no font for it: this is its "missing glyph" box
    std::vector<uint8_t> rgba;
};

// [SECTION] asking
// A code point the atlas lacks. Ignored: controls, surrogates, U+FFFD (undecodable input), code points
// already drawn, asked for or known to be undrawable, and anything past kMaxGlyphs.
void note_missing(uint32_t codepoint);
// Every code point of `utf8` the font lacks (for text known before it is drawn, and for tests).
void note_text(std::string_view utf8, const ImFont* font);
bool has_pending();
// Up to `max` pending code points, oldest first; they stay "asked" until add() answers them.
std::vector<uint32_t> take_pending(size_t max = kMaxPerBatch);

// [SECTION] answering
// The platform's bitmaps for code points taken with take_pending(), drawn at `pixel_size`. A taken code point
// with no bitmap in `drawn` is undrawable. Invalid bitmaps (size, byte count) count as undrawable.
void add(const std::vector<uint32_t>& taken, std::vector<Bitmap> drawn, float pixel_size);

// [SECTION] the atlas (theme.cpp, around ImFontAtlas::Build)
// Before Build: one custom glyph rectangle per drawn glyph at this pixel size. If the font size changed
// (a DPR change), the old bitmaps are dropped and their code points asked for again.
void reserve_rects(ImFontAtlas* atlas, ImFont* font, float pixel_size);
// After Build: copies the bitmaps into the atlas's RGBA pixels, marks colour glyphs untinted and notes where
// the free room is.
void fill_rects(ImFontAtlas* atlas, ImFont* font);

// [SECTION] without a rebuild
// Places the glyphs add() took since the atlas was built in its free room: each gets its rectangle there and
// joins `font` at once, and `upload` receives its pixels as the atlas holds them (a monochrome glyph white with
// its coverage in alpha) so the platform updates only those rectangles of the texture. False, placing nothing,
// when they do not all fit (or the atlas has no free room): rebuild the atlas instead. True when none wait.
using Upload = std::function<void(int x, int y, int w, int h, const uint8_t* rgba)>;
bool place_new(ImFontAtlas* atlas, ImFont* font, const Upload& upload);

// [SECTION] figures (the bridge and the bench)
struct Stats {
    size_t drawn = 0;        // glyphs in the atlas
    size_t undrawable = 0;   // code points the platform could not draw (ImGui's fallback stays)
    size_t no_font = 0;      // drawn as the platform's missing-glyph box: no font on this machine has them
    size_t pending = 0;
    size_t rebuilds = 0;     // batches of new glyphs added to the atlas
    size_t full_rebuilds = 0;    // of those, the ones that rebuilt the whole atlas (its free room was full)
    double last_rebuild_ms = 0;  // the last batch, drawing and adding to the atlas and the texture (the platform's)
    double last_draw_ms = 0;     // of which the platform drawing the glyphs
    size_t fallback_draws = 0;   // fallback glyphs ImGui looked up in the last frame (0 once all are drawn)
};
Stats stats();
void record_rebuild(double ms, double draw_ms, bool full);
void begin_frame();  // resets the per-frame fallback count
void reset();        // forgets everything (tests)

}  // namespace pinlab::app::glyphs
