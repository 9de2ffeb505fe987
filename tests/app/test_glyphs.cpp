// test_glyphs.cpp — the glyph-request path (app/ui/glyphs.h) with headless ImGui and the real UI font: what is
// asked for, what is never asked twice, and that drawn bitmaps land in the rebuilt atlas where ImGui draws them
// from (monochrome tinted, colour untinted). The browser's drawing itself is covered by tests/e2e/scripts.test.js.
#include <gtest/gtest.h>
#include <imgui.h>

#include <cstring>
#include <vector>

#include "app/ui/glyphs.h"
#include "app/ui/theme.h"

namespace g = pinlab::app::glyphs;

namespace {

struct Ui {
    Ui() {
        g::reset();
        ImGui::CreateContext();
        ImGui::GetIO().IniFilename = nullptr;
        pinlab::app::apply_theme(pinlab::app::Theme::Dark, 1.0f);
    }
    ~Ui() {
        ImGui::DestroyContext();
        g::reset();
    }
    ImFont* font() { return ImGui::GetIO().Fonts->Fonts[0]; }
};

g::Bitmap bitmap(uint32_t cp, int w, int h, bool colored, uint8_t r, uint8_t gr, uint8_t b, uint8_t a) {
    g::Bitmap bm;
    bm.codepoint = cp;
    bm.w = w;
    bm.h = h;
    bm.advance = static_cast<float>(w);
    bm.offset_x = 0;
    bm.offset_y = -2;
    bm.colored = colored;
    for (int i = 0; i < w * h; ++i) bm.rgba.insert(bm.rgba.end(), {r, gr, b, a});
    return bm;
}

// The RGBA pixel at (x, y) of the glyph's rectangle in the atlas, found through its UVs.
const unsigned char* atlas_pixel(ImFont* font, uint32_t cp, int x, int y) {
    unsigned char* px = nullptr;
    int tw = 0, th = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&px, &tw, &th);
    const ImFontGlyph* gl = font->FindGlyphNoFallback(static_cast<ImWchar>(cp));
    if (!gl || !px) return nullptr;
    const int gx = static_cast<int>(gl->U0 * tw + 0.5f), gy = static_cast<int>(gl->V0 * th + 0.5f);
    return px + (static_cast<size_t>(gy + y) * tw + gx + x) * 4;
}

}  // namespace

TEST(Glyphs, AsksOnlyForWhatTheFontLacksOnceEach) {
    Ui ui;
    // "Café Crème" is in the UI font; 東 and 京 are not; the second 東 is not asked twice.
    g::note_text("Café Crème 東京 東", ui.font());
    std::vector<uint32_t> taken = g::take_pending();
    EXPECT_EQ(taken, (std::vector<uint32_t>{0x6771, 0x4EAC}));
    EXPECT_FALSE(g::has_pending());
    // Asked and not yet answered: not asked again.
    g::note_missing(0x6771);
    EXPECT_FALSE(g::has_pending());
}

TEST(Glyphs, IgnoresControlsSurrogatesAndReplacementCharacter) {
    Ui ui;
    for (uint32_t c : {0x01u, 0x1Fu, 0x7Fu, 0x85u, 0xD800u, 0xDFFFu, 0xFFFDu, 0xFEFFu}) g::note_missing(c);
    EXPECT_FALSE(g::has_pending());
    g::note_text(std::string("\xff\xfe\xc3", 3), ui.font());  // malformed UTF-8 decodes to U+FFFD
    EXPECT_FALSE(g::has_pending());
}

TEST(Glyphs, CodePointsPastTheBuildsImWcharAreRefused) {
    Ui ui;
    g::note_missing(0x1F363);  // 🍣
    EXPECT_EQ(g::has_pending(), IM_UNICODE_CODEPOINT_MAX >= 0x1F363);
}

TEST(Glyphs, UndrawableIsRememberedAndNotAskedAgain) {
    Ui ui;
    g::note_missing(0x0E01);  // ก
    g::note_missing(0x0414);  // Д
    auto taken = g::take_pending();
    ASSERT_EQ(taken.size(), 2u);
    g::add(taken, {bitmap(0x0414, 8, 18, false, 255, 255, 255, 200)}, 15.0f);  // ก not drawn
    EXPECT_EQ(g::stats().drawn, 1u);
    EXPECT_EQ(g::stats().undrawable, 1u);
    g::note_missing(0x0E01);
    g::note_missing(0x0414);
    EXPECT_FALSE(g::has_pending());
}

TEST(Glyphs, InvalidBitmapsAndUnaskedCodePointsAreNotAdded) {
    Ui ui;
    g::note_missing(0x4E00);
    g::note_missing(0x4E01);
    auto taken = g::take_pending();
    g::Bitmap short_bytes = bitmap(0x4E00, 8, 8, false, 255, 255, 255, 255);
    short_bytes.rgba.resize(10);
    g::Bitmap huge = bitmap(0x4E01, 300, 8, false, 255, 255, 255, 255);
    g::Bitmap unasked = bitmap(0x4E02, 8, 8, false, 255, 255, 255, 255);
    g::add(taken, {short_bytes, huge, unasked}, 15.0f);
    EXPECT_EQ(g::stats().drawn, 0u);
    EXPECT_EQ(g::stats().undrawable, 2u);
}

TEST(Glyphs, DrawnBitmapsJoinTheAtlasTintedOrNot) {
    Ui ui;
    ASSERT_EQ(ui.font()->FindGlyphNoFallback(0x6771), nullptr);
    g::note_missing(0x6771);  // 東: monochrome, drawn grey to check it is stored white with its alpha
    g::note_missing(0x2615);  // ☕: colour
    auto taken = g::take_pending();
    g::add(taken, {bitmap(0x6771, 14, 20, false, 90, 90, 90, 180), bitmap(0x2615, 16, 20, true, 200, 60, 20, 255)},
           ui.font()->FontSize);
    pinlab::app::rebuild_fonts();
    ImFont* f = ui.font();

    const ImFontGlyph* cjk = f->FindGlyphNoFallback(0x6771);
    ASSERT_NE(cjk, nullptr);
    EXPECT_FLOAT_EQ(cjk->AdvanceX, 14.0f);
    EXPECT_FLOAT_EQ(cjk->X1 - cjk->X0, 14.0f);
    EXPECT_FALSE(cjk->Colored);
    const unsigned char* p = atlas_pixel(f, 0x6771, 3, 4);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p[0], 255);
    EXPECT_EQ(p[1], 255);
    EXPECT_EQ(p[2], 255);
    EXPECT_EQ(p[3], 180);

    const ImFontGlyph* cup = f->FindGlyphNoFallback(0x2615);
    ASSERT_NE(cup, nullptr);
    EXPECT_TRUE(cup->Colored);
    p = atlas_pixel(f, 0x2615, 5, 5);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p[0], 200);
    EXPECT_EQ(p[1], 60);
    EXPECT_EQ(p[2], 20);
    EXPECT_EQ(p[3], 255);

    // The UI font's own glyphs are still there, and a later scan finds nothing to ask for.
    EXPECT_NE(f->FindGlyphNoFallback('A'), nullptr);
    g::note_text("東 ☕ A", f);
    EXPECT_FALSE(g::has_pending());
}

TEST(Glyphs, ANewScaleAsksForEveryGlyphAgainAtTheNewSize) {
    Ui ui;
    g::note_missing(0x6771);
    g::add(g::take_pending(), {bitmap(0x6771, 14, 20, false, 255, 255, 255, 255)}, ui.font()->FontSize);
    pinlab::app::rebuild_fonts();
    ASSERT_NE(ui.font()->FindGlyphNoFallback(0x6771), nullptr);
    pinlab::app::apply_theme(pinlab::app::Theme::Dark, 2.0f);  // the DPR changed: bitmaps at 15 px are stale
    EXPECT_EQ(ui.font()->FindGlyphNoFallback(0x6771), nullptr);
    EXPECT_EQ(g::take_pending(), std::vector<uint32_t>{0x6771});
}

TEST(Glyphs, BoundedInAll) {
    Ui ui;
    for (uint32_t c = 0x4E00; c < 0x4E00 + g::kMaxGlyphs + 100; ++c) g::note_missing(c);
    EXPECT_EQ(g::stats().pending, g::kMaxGlyphs);
    EXPECT_EQ(g::take_pending().size(), g::kMaxPerBatch);
}

// New glyphs go into the free room the last build kept, without rebuilding the atlas: they join the font at
// once, and only their rectangles are handed over for the texture, with the pixels the atlas would hold.
TEST(Glyphs, NewGlyphsJoinTheFreeRoomWithoutARebuild) {
    Ui ui;
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    const int tw = atlas->TexWidth, th = atlas->TexHeight;
    ASSERT_GE(tw, g::kPoolWidth);
    g::note_missing(0x6771);  // 東
    g::note_missing(0x2615);  // ☕
    g::add(g::take_pending(), {bitmap(0x6771, 14, 20, false, 90, 90, 90, 180), bitmap(0x2615, 16, 20, true, 200, 60, 20, 255)},
           ui.font()->FontSize);
    struct Rect {
        int x, y, w, h;
        std::vector<uint8_t> px;
    };
    std::vector<Rect> sent;
    ASSERT_TRUE(g::place_new(atlas, ui.font(), [&](int x, int y, int w, int h, const uint8_t* rgba) {
        sent.push_back({x, y, w, h, std::vector<uint8_t>(rgba, rgba + static_cast<size_t>(w) * h * 4)});
    }));
    EXPECT_EQ(atlas->TexWidth, tw);  // the same atlas and texture
    EXPECT_EQ(atlas->TexHeight, th);
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].w, 14);
    EXPECT_EQ(sent[0].h, 20);
    EXPECT_EQ(std::vector<uint8_t>(sent[0].px.begin(), sent[0].px.begin() + 4), (std::vector<uint8_t>{255, 255, 255, 180}));
    EXPECT_EQ(std::vector<uint8_t>(sent[1].px.begin(), sent[1].px.begin() + 4), (std::vector<uint8_t>{200, 60, 20, 255}));
    EXPECT_FALSE(sent[0].x < sent[1].x + sent[1].w && sent[1].x < sent[0].x + sent[0].w &&
                 sent[0].y < sent[1].y + sent[1].h && sent[1].y < sent[0].y + sent[0].h) << "they do not overlap";
    // The font finds them where they were sent, tinted or not.
    const ImFontGlyph* cjk = ui.font()->FindGlyphNoFallback(0x6771);
    ASSERT_NE(cjk, nullptr);
    EXPECT_FALSE(cjk->Colored);
    EXPECT_FLOAT_EQ(cjk->AdvanceX, 14.0f);
    EXPECT_EQ(static_cast<int>(cjk->U0 * tw + 0.5f), sent[0].x);
    EXPECT_EQ(static_cast<int>(cjk->V0 * th + 0.5f), sent[0].y);
    const ImFontGlyph* cup = ui.font()->FindGlyphNoFallback(0x2615);
    ASSERT_NE(cup, nullptr);
    EXPECT_TRUE(cup->Colored);
    EXPECT_NE(ui.font()->FindGlyphNoFallback('A'), nullptr);
    EXPECT_TRUE(g::place_new(atlas, ui.font(), [&](int, int, int, int, const uint8_t*) { ADD_FAILURE(); }))
        << "nothing waits: nothing is sent again";
    // A rebuild keeps them (in rectangles of their own now).
    pinlab::app::rebuild_fonts();
    EXPECT_NE(ui.font()->FindGlyphNoFallback(0x6771), nullptr);
    EXPECT_TRUE(ui.font()->FindGlyphNoFallback(0x2615)->Colored);
}

// When the free room cannot take them all, none is placed: the atlas is rebuilt instead, which holds them all.
TEST(Glyphs, AFullFreeRoomAsksForARebuild) {
    Ui ui;
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    std::vector<g::Bitmap> wide;
    for (uint32_t c = 0x4E00; c < 0x4E00 + 40; ++c) {
        g::note_missing(c);
        wide.push_back(bitmap(c, 250, 60, false, 255, 255, 255, 255));
    }
    g::add(g::take_pending(), wide, ui.font()->FontSize);
    int sent = 0;
    EXPECT_FALSE(g::place_new(atlas, ui.font(), [&](int, int, int, int, const uint8_t*) { ++sent; }));
    EXPECT_EQ(sent, 0);
    EXPECT_EQ(ui.font()->FindGlyphNoFallback(0x4E00), nullptr);
    pinlab::app::rebuild_fonts();
    for (uint32_t c = 0x4E00; c < 0x4E00 + 40; ++c) EXPECT_NE(ui.font()->FindGlyphNoFallback(c), nullptr) << c;
    // The rebuild kept a fresh free room: the next glyph needs no rebuild.
    g::note_missing(0x6771);
    g::add(g::take_pending(), {bitmap(0x6771, 14, 20, false, 255, 255, 255, 255)}, ui.font()->FontSize);
    EXPECT_TRUE(g::place_new(atlas, ui.font(), [&](int, int, int, int, const uint8_t*) { ++sent; }));
    EXPECT_EQ(sent, 1);
}
