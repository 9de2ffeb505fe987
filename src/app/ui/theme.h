// theme.h — fonts, colours and spacing: light and dark themes, scaled for the screen's DPR.
#pragma once

namespace pinlab::app {

enum class Theme { Dark, Light };

// Rebuilds the font atlas and style for `theme` at `scale` device pixels per CSS pixel.
// Call between frames (the renderer re-uploads the font texture on the next frame).
void apply_theme(Theme theme, float scale);
// Rebuilds the font atlas only, at the current scale, with the glyphs drawn so far (glyphs.h). Between frames.
void rebuild_fonts();
// Switches colours only (safe during a frame: no font rebuild).
void apply_palette(Theme theme);
Theme current_theme();
float ui_scale();

// [SECTION] layout that adapts to the screen
// Controls at least 44 CSS px tall (phones, touch screens); safe during a frame (style only).
void set_touch_targets(bool on);
float touch_target();  // 44 CSS px in device pixels
// True below ~700 CSS px of width: the top bar becomes a menu, side-by-side panes stack.
bool compact_layout();

}  // namespace pinlab::app
