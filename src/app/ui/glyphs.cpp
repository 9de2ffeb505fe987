// glyphs.cpp — the glyphs the UI font lacks, asked for, drawn by the platform and kept in the font atlas
// (see glyphs.h for the flow and why).
#include "app/ui/glyphs.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <unordered_map>
#include <unordered_set>

namespace pinlab::app::glyphs {

namespace {

struct State {
    std::unordered_map<uint32_t, Bitmap> drawn;   // in the atlas (or going in at the next rebuild)
    std::vector<uint32_t> order;                  // drawn code points in arrival order (a stable atlas layout)
    std::unordered_set<uint32_t> undrawable;
    std::unordered_set<uint32_t> asked;           // pending or taken, not yet answered
    std::deque<uint32_t> pending;
    std::unordered_map<uint32_t, int> rect_of;    // code point -> custom rect index in the atlas
    std::vector<uint32_t> unplaced;               // drawn since the atlas was built: not in it yet
    float pixel_size = 0;                          // the size the bitmaps were drawn at
    int pool_rect = -1;                            // the free room's custom rect index in the atlas
    struct Shelf {                                 // the free room (atlas pixels) and where the next glyph goes
        int x0 = 0, y0 = 0, w = 0, h = 0;
        int x = 0, y = 0, row_h = 0;
    } pool;
    size_t rebuilds = 0, full_rebuilds = 0, fallback_draws = 0;
    double last_rebuild_ms = 0, last_draw_ms = 0;
};
State G;

// ImGui's own ImWchar: 16 bits unless the build defines IMGUI_USE_WCHAR32 (the web build does, for emoji).
constexpr uint32_t kMaxCodepoint = IM_UNICODE_CODEPOINT_MAX;

bool askable(uint32_t c) {
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return false;  // controls
    if (c >= 0xD800 && c <= 0xDFFF) return false;           // surrogates
    if (c == 0xFFFD || c == 0xFEFF || c > kMaxCodepoint) return false;  // undecodable input, BOM, out of range
    return true;
}

bool valid(const Bitmap& b) {
    if (b.w <= 0 || b.h <= 0 || b.w > 256 || b.h > 256) return false;
    if (b.rgba.size() != static_cast<size_t>(b.w) * static_cast<size_t>(b.h) * 4) return false;
    return std::isfinite(b.advance) && b.advance >= 0 && b.advance < 1024 && std::isfinite(b.offset_x) &&
           std::isfinite(b.offset_y);
}

uint32_t decode_utf8(std::string_view s, size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    int n = b < 0x80 ? 0 : (b >> 5) == 0x6 ? 1 : (b >> 4) == 0xE ? 2 : (b >> 3) == 0x1E ? 3 : -1;
    if (n < 0 || i + n >= s.size()) {
        ++i;
        return 0xFFFD;
    }
    uint32_t c = n == 0 ? b : n == 1 ? (b & 0x1F) : n == 2 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k <= n; ++k) {
        const auto cb = static_cast<unsigned char>(s[i + k]);
        if ((cb & 0xC0) != 0x80) {
            i += k;
            return 0xFFFD;
        }
        c = (c << 6) | (cb & 0x3F);
    }
    i += n + 1;
    return c;
}

}  // namespace

// [SECTION] asking ---------------------------------------------------------------------------------------

namespace {
void ask(uint32_t c) {
    if (!askable(c) || G.drawn.count(c) || G.undrawable.count(c) || G.asked.count(c)) return;
    if (G.drawn.size() + G.asked.size() >= kMaxGlyphs) return;
    G.asked.insert(c);
    G.pending.push_back(c);
}
}  // namespace

void note_missing(uint32_t c) {
    ++G.fallback_draws;
    ask(c);
}

void note_text(std::string_view utf8, const ImFont* font) {
    for (size_t i = 0; i < utf8.size();) {
        const uint32_t c = decode_utf8(utf8, i);
        if (c <= kMaxCodepoint && font && font->FindGlyphNoFallback(static_cast<ImWchar>(c))) continue;
        ask(c);  // scanned, not drawn: no fallback counted
    }
}

bool has_pending() { return !G.pending.empty(); }

std::vector<uint32_t> take_pending(size_t max) {
    std::vector<uint32_t> out;
    while (!G.pending.empty() && out.size() < max) {
        out.push_back(G.pending.front());
        G.pending.pop_front();
    }
    return out;
}

// [SECTION] answering ------------------------------------------------------------------------------------

void add(const std::vector<uint32_t>& taken, std::vector<Bitmap> drawn, float pixel_size) {
    if (G.pixel_size != pixel_size && !G.drawn.empty()) {
        // Drawn at another size than the atlas holds (the DPR changed in between): ask again at the new size.
        for (uint32_t c : taken) G.asked.erase(c);
        for (uint32_t c : taken) ask(c);
        return;
    }
    G.pixel_size = pixel_size;
    std::unordered_set<uint32_t> answered;
    for (Bitmap& b : drawn) {
        if (!G.asked.count(b.codepoint) || answered.count(b.codepoint) || !valid(b)) continue;
        answered.insert(b.codepoint);
        const uint32_t c = b.codepoint;
        G.order.push_back(c);
        G.unplaced.push_back(c);
        G.drawn.emplace(c, std::move(b));
    }
    for (uint32_t c : taken) {
        G.asked.erase(c);
        if (!answered.count(c)) G.undrawable.insert(c);
    }
}

// [SECTION] the atlas ------------------------------------------------------------------------------------

namespace {
// Row `y` of the bitmap as the atlas holds it: a colour glyph as drawn, a monochrome one white with its
// coverage in alpha (tinted by the text colour).
void atlas_row(const Bitmap& b, int y, unsigned char* dst) {
    const uint8_t* src = b.rgba.data() + static_cast<size_t>(y) * b.w * 4;
    if (b.colored) {
        std::memcpy(dst, src, static_cast<size_t>(b.w) * 4);
        return;
    }
    for (int x = 0; x < b.w; ++x) {
        dst[x * 4 + 0] = dst[x * 4 + 1] = dst[x * 4 + 2] = 255;
        dst[x * 4 + 3] = src[x * 4 + 3];
    }
}

void mark_colored(ImFont* font, uint32_t c) {
    if (auto* g = const_cast<ImFontGlyph*>(font->FindGlyphNoFallback(static_cast<ImWchar>(c)))) g->Colored = 1;
}
}  // namespace

void reserve_rects(ImFontAtlas* atlas, ImFont* font, float pixel_size) {
    G.rect_of.clear();
    G.unplaced.clear();  // every drawn glyph gets its own rectangle below
    G.pool = {};
    // The free room for glyphs to come, as wide as the atlas (a height that is not a power of two wastes none).
    atlas->TexDesiredWidth = kPoolWidth;
    atlas->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    const int line = static_cast<int>(std::ceil(pixel_size * 1.6f)) + 2;
    // A little narrower than the atlas: its packer keeps a padding at the edge, and a rect as wide is never packed.
    G.pool_rect = atlas->AddCustomRectRegular(kPoolWidth - 4 * std::max(1, atlas->TexGlyphPadding), line * kPoolRows);
    if (G.pixel_size != pixel_size && !G.drawn.empty()) {
        // A new DPR: every glyph is drawn again at the new size (one frame of fallbacks).
        std::vector<uint32_t> again = std::move(G.order);
        G.drawn.clear();
        G.order.clear();
        for (uint32_t c : again) {
            G.asked.insert(c);
            G.pending.push_back(c);
        }
    }
    G.pixel_size = pixel_size;
    for (uint32_t c : G.order) {
        const Bitmap& b = G.drawn.at(c);
        G.rect_of[c] = atlas->AddCustomRectFontGlyph(font, static_cast<ImWchar>(c), b.w, b.h, b.advance,
                                                     ImVec2(b.offset_x, b.offset_y));
    }
}

void fill_rects(ImFontAtlas* atlas, ImFont* font) {
    if (const ImFontAtlasCustomRect* r = G.pool_rect >= 0 ? atlas->GetCustomRectByIndex(G.pool_rect) : nullptr;
        r && r->IsPacked()) {
        G.pool = {r->X, r->Y, r->Width, r->Height};
    }
    if (G.rect_of.empty()) return;
    unsigned char* pixels = nullptr;
    int tw = 0, th = 0;
    atlas->GetTexDataAsRGBA32(&pixels, &tw, &th);
    if (!pixels) return;
    for (const auto& [c, index] : G.rect_of) {
        const ImFontAtlasCustomRect* r = atlas->GetCustomRectByIndex(index);
        const Bitmap& b = G.drawn.at(c);
        if (!r || !r->IsPacked() || r->X + b.w > tw || r->Y + b.h > th) continue;
        for (int y = 0; y < b.h; ++y) atlas_row(b, y, pixels + (static_cast<size_t>(r->Y + y) * tw + r->X) * 4);
        if (b.colored) mark_colored(font, c);
    }
}

// [SECTION] without a rebuild ----------------------------------------------------------------------------

bool place_new(ImFontAtlas* atlas, ImFont* font, const Upload& upload) {
    if (G.unplaced.empty()) return true;
    if (G.pool.w <= 0 || atlas->TexWidth <= 0 || atlas->TexHeight <= 0) return false;
    // Shelves, left to right, a new one below when a glyph does not fit the row: all of them, or none.
    State::Shelf shelf = G.pool;
    std::vector<std::pair<int, int>> at;
    for (uint32_t c : G.unplaced) {
        const Bitmap& b = G.drawn.at(c);
        if (shelf.x + b.w > shelf.w) {
            shelf.x = 0;
            shelf.y += shelf.row_h;
            shelf.row_h = 0;
        }
        if (b.w > shelf.w || shelf.y + b.h > shelf.h) return false;
        at.emplace_back(shelf.x0 + shelf.x, shelf.y0 + shelf.y);
        shelf.x += b.w + 1;  // a pixel apart, so linear filtering never blends neighbours
        shelf.row_h = std::max(shelf.row_h, b.h + 1);
    }
    G.pool = shelf;
    const float su = 1.0f / static_cast<float>(atlas->TexWidth), sv = 1.0f / static_cast<float>(atlas->TexHeight);
    std::vector<unsigned char> pixels;
    for (size_t i = 0; i < G.unplaced.size(); ++i) {
        const uint32_t c = G.unplaced[i];
        const Bitmap& b = G.drawn.at(c);
        const auto [x, y] = at[i];
        font->AddGlyph(nullptr, static_cast<ImWchar>(c), b.offset_x, b.offset_y, b.offset_x + b.w, b.offset_y + b.h,
                       x * su, y * sv, (x + b.w) * su, (y + b.h) * sv, b.advance);
        pixels.resize(static_cast<size_t>(b.w) * b.h * 4);
        for (int r = 0; r < b.h; ++r) atlas_row(b, r, pixels.data() + static_cast<size_t>(r) * b.w * 4);
        upload(x, y, b.w, b.h, pixels.data());
    }
    font->BuildLookupTable();  // after every glyph is in: FindGlyph sees them (and their colours) from now
    for (uint32_t c : G.unplaced)
        if (G.drawn.at(c).colored) mark_colored(font, c);
    G.unplaced.clear();
    return true;
}

// [SECTION] figures --------------------------------------------------------------------------------------

Stats stats() {
    Stats s;
    s.drawn = G.drawn.size();
    s.undrawable = G.undrawable.size();
    for (const auto& [c, b] : G.drawn) s.no_font += b.no_font ? 1 : 0;
    s.pending = G.pending.size();
    s.rebuilds = G.rebuilds;
    s.full_rebuilds = G.full_rebuilds;
    s.last_rebuild_ms = G.last_rebuild_ms;
    s.last_draw_ms = G.last_draw_ms;
    s.fallback_draws = G.fallback_draws;
    return s;
}

void record_rebuild(double ms, double draw_ms, bool full) {
    ++G.rebuilds;
    G.full_rebuilds += full ? 1 : 0;
    G.last_rebuild_ms = ms;
    G.last_draw_ms = draw_ms;
}

void begin_frame() { G.fallback_draws = 0; }

void reset() { G = State{}; }

}  // namespace pinlab::app::glyphs
