// widgets.h — small shared widgets: spinner, error box with hint and Retry, text inputs with a
// character counter at the spec's limit, a confirmation dialog, and helpers that register items
// with the test bridge.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <functional>
#include <string>

#include "core/errors.h"
#include "core/models.h"

namespace pinlab::app {

class AppState;

// Device pixels for `css` CSS pixels.
float px(float css);

void spinner(const char* label = nullptr);
// One line of text drawn `scale` times the usual size (a view's title: 1.3; a figure, a sub-heading).
void large_text(const char* text, float scale = 1.3f);
// Red box with the error's message, HTTP status/code, hint; a Retry button when `retry` is set.
// Returns true when Retry was clicked.
bool error_box(AppState& s, const ApiError& e, bool show_retry);
// The same with an optional Dismiss beside Retry: 0 nothing, 1 Retry, 2 Dismiss.
int error_box_ex(AppState& s, const ApiError& e, bool show_retry, bool show_dismiss);
// The height error_box needs at `width` (its text wrapped, its buttons' row), so a caller can reserve it.
float error_box_height(const ApiError& e, float width, bool buttons);
// The row that pages a list (a Pager's error, loading and done): the page error with Retry (`retry`), a
// spinner while a page loads (`spin`), else a `label` button while pages remain with `count` beside it
// (alone once all are loaded). `more` is the module action that asks for the next page, so that a view
// never reaches its Pager itself.
struct PageRow {
    const char* label = "Load more";  // "Load more##bottom" for a second row under the list
    bool retry = true;
    bool spin = true;
    std::string count;
};
void load_more_row(AppState& s, const ApiError& error, bool loading, bool done, const std::function<void()>& more,
                   const PageRow& row = {});
template <class P>
void load_more_row(AppState& s, const P& pager, const std::function<void()>& more, const PageRow& row = {}) {
    load_more_row(s, pager.error, pager.loading, pager.done, more, row);
}
// Label + input + "n/limit" counter (red over the limit, counted in UTF-8 code points).
bool counted_input(AppState& s, const char* label, std::string& value, size_t limit, bool multiline = false);
// A multiline field that wraps its text at the field's width (the value itself never holds the breaks).
bool wrapped_multiline(const char* id, std::string& value, const ImVec2& size);
// `text` cut at a word break with "…" to fit `max_w` (whole when it fits); text_ellipsized draws it and
// shows the full text in a tooltip when cut.
std::string ellipsize(const std::string& text, float max_w);
void text_ellipsized(const std::string& text, float max_w, bool disabled = false);
// Yes/no modal; returns 1 confirmed, -1 cancelled, 0 still open. Open it with ImGui::OpenPopup(id).
int confirm_dialog(AppState& s, const char* id, const std::string& message, const char* confirm_label);

// Centres the next popup and keeps it inside the screen: `width_css` wide at most, never taller than
// the screen (it scrolls instead). Call before BeginPopupModal.
void dialog_placement(float width_css);
// True when the text field just drawn was left with Enter this frame (Enter submits a form).
bool submitted_with_enter();
// Puts the next item on this line when `next_w` fits, else on the next one (rows that wrap on a phone).
void same_line_or_wrap(float next_w);
// True when Escape was pressed this frame (dialogs close with it).
bool escape_pressed();

// Buttons/inputs that register themselves with the bridge as "<kind>:<label>".
bool button(AppState& s, const char* label, const ImVec2& size = ImVec2(0, 0));
bool primary_button(AppState& s, const char* label, const ImVec2& size = ImVec2(0, 0));
bool input(AppState& s, const char* label, std::string& value, int flags = 0, const char* hint = nullptr);

// Draws the image at `url` covering [a, b] (cropped to keep its aspect), or `placeholder` while it
// loads. Asks the image cache for it (so call it only for items on screen). True when drawn.
bool image_cover(AppState& s, const std::string& url, ImVec2 a, ImVec2 b, uint32_t placeholder, float rounding = 0);

// Draws the whole image inside [a, b], scaled to fit with its aspect kept and centred (never cropped); the
// placeholder fills the box while it loads. Returns the size drawn.
ImVec2 image_contain(AppState& s, const std::string& url, ImVec2 a, ImVec2 b, uint32_t placeholder, float rounding = 0);

uint32_t parse_hex_color(const std::string& hex, uint32_t fallback);  // "#rrggbb" -> ImU32
// A pin's image URL: the variant `key` ("600x", "1200x") when it has one, else the smallest at least
// `min_width` wide (PinMedia::best_image, which also looks at a carousel's first item), else the cover.
std::string pin_image_url(const Pin& p, const char* key, int min_width);
std::string human_count(int64_t n);  // 12.3k
std::string human_bytes(size_t n);

}  // namespace pinlab::app
