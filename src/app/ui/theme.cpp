// theme.cpp — Pinlab's look: Inter at 15 CSS px (embedded, subset at build time; other scripts and emoji
// are drawn by the platform on first need, glyphs.h), rounded
// widgets, Pinterest red as the accent, and a light and a dark palette.
#include "app/ui/theme.h"

#include "app/ui/glyphs.h"

#include <imgui.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>

extern const uint8_t pinlab_font_data[];
extern const size_t pinlab_font_size;

namespace pinlab::app {

namespace {
Theme g_theme = Theme::Dark;
float g_scale = 1.0f;
bool g_touch = false;

// Frame padding for controls at least 44 CSS px tall (touch) or the compact desktop look.
void apply_touch_padding(ImGuiStyle& style) {
    const float font = 15.0f * g_scale;
    style.FramePadding.y = g_touch ? std::max(5.0f * g_scale, (44.0f * g_scale - font) * 0.5f) : 5.0f * g_scale;
}

ImVec4 rgb(int r, int g, int b, float a = 1.0f) { return ImVec4(r / 255.0f, g / 255.0f, b / 255.0f, a); }

// One row per colour the two palettes change: dark, light (kKeep: ImGui's own for that theme).
struct PaletteRow {
    ImGuiCol col;
    ImVec4 dark, light;
};
const ImVec4 kKeep(0, 0, 0, -1);
const PaletteRow kPalette[] = {
    {ImGuiCol_WindowBg, rgb(22, 22, 26), rgb(246, 246, 248)},
    {ImGuiCol_ChildBg, rgb(28, 28, 33), rgb(255, 255, 255)},
    {ImGuiCol_PopupBg, rgb(32, 32, 38, 0.98f), rgb(255, 255, 255, 0.99f)},
    {ImGuiCol_Border, rgb(58, 58, 66), rgb(210, 210, 218)},
    {ImGuiCol_FrameBg, rgb(38, 38, 45), rgb(234, 234, 238)},
    {ImGuiCol_FrameBgHovered, rgb(50, 50, 58), rgb(222, 222, 228)},
    {ImGuiCol_FrameBgActive, rgb(60, 60, 70), rgb(210, 210, 218)},
    {ImGuiCol_TitleBg, rgb(22, 22, 26), kKeep},
    {ImGuiCol_TitleBgActive, rgb(30, 30, 36), kKeep},
    {ImGuiCol_MenuBarBg, rgb(26, 26, 31), rgb(238, 238, 242)},
    {ImGuiCol_Header, rgb(48, 48, 56), rgb(226, 226, 232)},
    {ImGuiCol_HeaderHovered, rgb(60, 60, 70), rgb(214, 214, 222)},
    {ImGuiCol_HeaderActive, rgb(70, 70, 82), rgb(200, 200, 210)},
    {ImGuiCol_Button, rgb(48, 48, 56), rgb(228, 228, 234)},
    {ImGuiCol_ButtonHovered, rgb(64, 64, 74), rgb(214, 214, 222)},
    {ImGuiCol_ButtonActive, rgb(78, 78, 90), rgb(200, 200, 210)},
    {ImGuiCol_Tab, rgb(34, 34, 40), rgb(230, 230, 236)},
    {ImGuiCol_TabHovered, rgb(64, 64, 74), rgb(214, 214, 222)},
    {ImGuiCol_TabActive, rgb(52, 52, 60), rgb(255, 255, 255)},
    {ImGuiCol_Text, rgb(236, 236, 241), rgb(28, 28, 34)},
    {ImGuiCol_TextDisabled, rgb(150, 150, 162), rgb(110, 110, 122)},
    {ImGuiCol_TableHeaderBg, rgb(34, 34, 40), kKeep},
    {ImGuiCol_TableRowBgAlt, rgb(255, 255, 255, 0.03f), rgb(0, 0, 0, 0.025f)},
};

void palette(ImGuiStyle& s, Theme t) {
    ImVec4* c = s.Colors;
    const ImVec4 accent = rgb(230, 0, 35);
    if (t == Theme::Dark) ImGui::StyleColorsDark(&s);
    else ImGui::StyleColorsLight(&s);
    for (const PaletteRow& r : kPalette) {
        const ImVec4& v = t == Theme::Dark ? r.dark : r.light;
        if (v.w >= 0) c[r.col] = v;
    }
    c[ImGuiCol_CheckMark] = accent;
    c[ImGuiCol_SliderGrab] = accent;
    c[ImGuiCol_SliderGrabActive] = rgb(255, 40, 70);
    c[ImGuiCol_TextSelectedBg] = rgb(230, 0, 35, 0.35f);
    c[ImGuiCol_NavHighlight] = rgb(255, 90, 110);
    c[ImGuiCol_PlotLines] = accent;
    c[ImGuiCol_PlotHistogram] = accent;
}
}  // namespace

void rebuild_fonts() {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;  // the bytes live in the binary
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    static const ImWchar ranges[] = {0x0020, 0x017F, 0x2010, 0x204F, 0x2190, 0x219F, 0x20AC, 0x20AC,
                                     0x2122, 0x2122, 0x2212, 0x2212, 0x2318, 0x2318, 0x25B2, 0x25CF,
                                     0x2605, 0x2606, 0x2713, 0x2715, 0};
    const float size = 15.0f * g_scale;
    ImFont* font = io.Fonts->AddFontFromMemoryTTF(const_cast<uint8_t*>(pinlab_font_data),
                                                  static_cast<int>(pinlab_font_size), size, &cfg, ranges);
    // Glyphs of other scripts and emoji, drawn by the platform on first need (glyphs.h).
    glyphs::reserve_rects(io.Fonts, font, size);
    io.Fonts->Build();
    glyphs::fill_rects(io.Fonts, font);
}

void apply_theme(Theme theme, float scale) {
    g_theme = theme;
    g_scale = scale;
    rebuild_fonts();

    ImGuiStyle style;
    palette(style, theme);
    style.WindowRounding = 6;
    style.ChildRounding = 6;
    style.FrameRounding = 5;
    style.PopupRounding = 6;
    style.GrabRounding = 5;
    style.TabRounding = 5;
    style.ScrollbarRounding = 8;
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(8, 7);
    style.WindowPadding = ImVec2(12, 10);
    style.ScrollbarSize = 12;
    style.WindowBorderSize = 0;
    style.ScaleAllSizes(scale);
    apply_touch_padding(style);
    ImGui::GetStyle() = style;
}

void apply_palette(Theme theme) {
    g_theme = theme;
    ImGuiStyle& style = ImGui::GetStyle();
    palette(style, theme);
}

void set_touch_targets(bool on) {
    if (on == g_touch) return;
    g_touch = on;
    apply_touch_padding(ImGui::GetStyle());
}

float touch_target() { return 44.0f * g_scale; }

bool compact_layout() { return ImGui::GetIO().DisplaySize.x < 700.0f * g_scale; }

Theme current_theme() { return g_theme; }
float ui_scale() { return g_scale; }

}  // namespace pinlab::app
