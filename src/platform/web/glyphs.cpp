// glyphs.cpp — the browser draws the glyphs the UI font lacks (other scripts, emoji) with its own fonts into a
// 2D canvas, and they join ImGui's font atlas (src/app/ui/glyphs.h has the flow and why).
//
// Each glyph is drawn alone, at the atlas's pixel size, in a cell as tall as the line plus a margin above and
// below, with its baseline on the UI font's. Colour glyphs (emoji) are recognised by their pixels and drawn
// untinted; the rest are white with their coverage in alpha, so ImGui tints them with the text colour. Text is
// laid out by ImGui one code point at a time: right-to-left scripts show in logical order, and Arabic letters
// in their isolated forms (no shaping), which is legible but not how a browser would join them.
#include <emscripten.h>
#include <imgui.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "app/ui/glyphs.h"
#include "app/ui/theme.h"
#include "platform/web/web.h"

// Set in the web build's copy of imgui_draw.cpp (scripts/patch_imgui_draw.py): called by ImFont::FindGlyph
// when a glyph is missing.
extern void (*GImFontMissingGlyphHook)(unsigned int codepoint);

namespace pinlab::web {

namespace {

// Draws `n` code points at `px` pixels with the baseline `ascent` pixels below the line's top. Returns a
// malloc'd buffer: int32 count, then per glyph int32 codepoint, w, h, flags (1 colour, 2 no font: the browser's
// box for a missing glyph, drawn as the browser would draw it), float advance, offset_x,
// offset_y, then w*h*4 bytes of RGBA (straight alpha). 0 if the page cannot draw them (no 2D canvas): they
// are then remembered as undrawable and keep ImGui's fallback.
EM_JS(uint8_t*, pl_js_draw_glyphs, (const uint32_t* cps, int n, float px, float ascent), {
  try {
    var pad = Math.ceil(px * 0.3);
    var H = Math.ceil(px) + 2 * pad;
    var maxW = Math.ceil(px * 4);
    var text = Module.pinlabGlyphFont(px, false), emoji = Module.pinlabGlyphFont(px, true);
    // No backslash in EM_JS code: it does not survive the trip into the page's JavaScript.
    var pict = new RegExp(String.fromCharCode(92) + 'p{Extended_Pictographic}', 'u');
    var c = Module.pinlabGlyphCanvas;
    if (!c) {
        c = Module.pinlabGlyphCanvas = (typeof OffscreenCanvas !== 'undefined') ? new OffscreenCanvas(64, 64)
                                                                                : document.createElement('canvas');
    }
    var ctx = c.getContext('2d', {willReadFrequently: true});
    if (!ctx) return 0;
    // Cell 0 is what the browser draws for a code point no font has (its "tofu" box), to recognise it below.
    var cells = [{cp: 0x10FFFD, font: text}];
    for (var i = 0; i < n; ++i) {
        var cp = HEAPU32[(cps >> 2) + i];
        cells.push({cp: cp, font: pict.test(String.fromCodePoint(cp)) ? emoji : text});
    }
    // Measure, then lay the cells out in rows, draw them all and read the pixels back once: a read-back per
    // glyph costs about 2 ms.
    var CW = 1024, x = 0, y = 0, cur = null;
    for (var j = 0; j < cells.length; ++j) {
        var g = cells[j];
        if (g.font !== cur) { ctx.font = cur = g.font; }
        var m = ctx.measureText(String.fromCodePoint(g.cp));
        g.adv = Math.max(0, m.width);
        g.left = Math.min(maxW / 2, Math.ceil(Math.max(0, m.actualBoundingBoxLeft || 0)) + 1);
        g.w = Math.min(maxW, g.left + Math.ceil(Math.max(g.adv, m.actualBoundingBoxRight || 0)) + 1);
        if (x + g.w > CW) { x = 0; y += H; }
        g.x = x; g.y = y;
        x += g.w;
    }
    var CH = y + H;
    if (c.width < CW || c.height < CH) { c.width = CW; c.height = Math.max(c.height, CH); ctx = c.getContext('2d', {willReadFrequently: true}); cur = null; }
    ctx.clearRect(0, 0, CW, CH);
    ctx.fillStyle = '#fff';
    ctx.textBaseline = 'alphabetic';
    for (var j2 = 0; j2 < cells.length; ++j2) {
        var g2 = cells[j2];
        if (g2.font !== cur) { ctx.font = cur = g2.font; }
        ctx.fillText(String.fromCodePoint(g2.cp), g2.x + g2.left, g2.y + pad + ascent);
    }
    var img = ctx.getImageData(0, 0, CW, CH).data;
    var sig = function(g) {
        var h = 0;
        for (var yy = 0; yy < H; ++yy)
            for (var xx = 0; xx < g.w; ++xx) h = (h * 31 + img[((g.y + yy) * CW + g.x + xx) * 4 + 3]) | 0;
        return h;
    };
    var tofu = cells[0];
    tofu.sig = sig(tofu);
    var bytes = 4;
    for (var k = 1; k < cells.length; ++k) bytes += 28 + cells[k].w * H * 4;
    var p = _malloc(bytes);
    if (!p) return 0;
    HEAP32[p >> 2] = cells.length - 1;
    var o = p + 4;
    for (var k2 = 1; k2 < cells.length; ++k2) {
        var g3 = cells[k2];
        var colored = 0, dst = o + 28;
        for (var yy = 0; yy < H; ++yy) {
            var row = ((g3.y + yy) * CW + g3.x) * 4;
            HEAPU8.set(img.subarray(row, row + g3.w * 4), dst + yy * g3.w * 4);
            if (!colored) {
                for (var q = row; q < row + g3.w * 4; q += 4) {
                    if (img[q + 3] > 16 && (Math.abs(img[q] - img[q + 1]) > 24 || Math.abs(img[q + 1] - img[q + 2]) > 24)) {
                        colored = 1;
                        break;
                    }
                }
            }
        }
        var nofont = (!colored && g3.w === tofu.w && Math.abs(g3.adv - tofu.adv) < 0.01 && sig(g3) === tofu.sig) ? 2 : 0;
        HEAP32[o >> 2] = g3.cp; HEAP32[(o >> 2) + 1] = g3.w; HEAP32[(o >> 2) + 2] = H; HEAP32[(o >> 2) + 3] = colored | nofont;
        HEAPF32[(o >> 2) + 4] = g3.adv; HEAPF32[(o >> 2) + 5] = -g3.left; HEAPF32[(o >> 2) + 6] = -pad;
        o += 28 + g3.w * H * 4;
    }
    return p;
  } catch (e) {
    console.warn('Pinlab: the browser could not draw glyphs: ' + e);
    return 0;
  }
});

// The fonts glyphs are drawn with: the page's own sans-serif and the platform's fallbacks; pictographs ask for a
// colour emoji font first, as a browser does for them in text.
EM_JS(void, pl_js_install_glyph_fonts, (), {
    Module.pinlabGlyphFont = function(px, emoji) {
        return emoji ? px + 'px "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji", system-ui, sans-serif'
                     : px + 'px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';
    };
});

void on_missing(unsigned int codepoint) { app::glyphs::note_missing(codepoint); }

std::vector<app::glyphs::Bitmap> read_bitmaps(const uint8_t* p) {
    std::vector<app::glyphs::Bitmap> out;
    int32_t count = 0;
    std::memcpy(&count, p, 4);
    const uint8_t* o = p + 4;
    for (int32_t i = 0; i < count; ++i) {
        int32_t head[4];
        float f[3];
        std::memcpy(head, o, 16);
        std::memcpy(f, o + 16, 12);
        app::glyphs::Bitmap b;
        b.codepoint = static_cast<uint32_t>(head[0]);
        b.w = head[1];
        b.h = head[2];
        b.colored = (head[3] & 1) != 0;
        b.no_font = (head[3] & 2) != 0;
        b.advance = f[0];
        b.offset_x = f[1];
        b.offset_y = f[2];
        const size_t n = static_cast<size_t>(b.w) * static_cast<size_t>(b.h) * 4;
        b.rgba.assign(o + 28, o + 28 + n);
        o += 28 + n;
        out.push_back(std::move(b));
    }
    return out;
}

}  // namespace

void install_glyphs() {
    GImFontMissingGlyphHook = on_missing;
    pl_js_install_glyph_fonts();
}

bool update_glyphs() {
    if (!app::glyphs::has_pending()) return false;
    const double t0 = emscripten_get_now();
    ImGuiIO& io = ImGui::GetIO();
    ImFont* font = io.Fonts->Fonts.Size ? io.Fonts->Fonts[0] : nullptr;
    if (!font) return false;
    const std::vector<uint32_t> taken = app::glyphs::take_pending();
    uint8_t* p = pl_js_draw_glyphs(taken.data(), static_cast<int>(taken.size()), font->FontSize, font->Ascent);
    std::vector<app::glyphs::Bitmap> drawn;
    if (p) {
        drawn = read_bitmaps(p);
        std::free(p);
    }
    const double t1 = emscripten_get_now();
    app::glyphs::add(taken, std::move(drawn), font->FontSize);
    // Into the atlas's free room, sending only their rectangles to the texture; a whole new atlas when it is full.
    bool uploaded = true;
    const bool placed = app::glyphs::place_new(io.Fonts, font, [&](int x, int y, int w, int h, const uint8_t* rgba) {
        uploaded = renderer_update_font_rect(x, y, w, h, rgba) && uploaded;
    });
    const bool full = !placed || !uploaded;
    if (full) {
        app::rebuild_fonts();
        renderer_rebuild_fonts();
        renderer_new_frame();  // uploads the new atlas now, so the time below includes it
    }
    app::glyphs::record_rebuild(emscripten_get_now() - t0, t1 - t0, full);
    return true;
}

}  // namespace pinlab::web
