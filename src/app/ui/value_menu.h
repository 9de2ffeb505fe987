// value_menu.h — copy what is on screen: a value the user clicks (right-clicks, long-presses) opens a small
// menu with Copy value and Copy JSON path ("$.items[0].id"). Shared by the Explorer's answer, the console's
// bodies and the pin and board pages; json_tree draws a JSON document whose scalar values do this.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/json.h"

namespace pinlab::app {

class AppState;

// The value chosen, read once as it is clicked (not on every frame the menu stays open).
struct ValueMenu {
    bool requested = false;            // clicked this frame: the menu opens where it is drawn
    std::optional<std::string> value;  // as text (a string as it is, anything else as compact JSON); nullopt: too long
    std::string path;                  // JSONPath of the value
};

// The text Copy value puts on the clipboard: a string as it is, anything else as compact JSON.
std::string value_text(const json& v);
// True when the item just drawn was clicked (released without a drag, so a drag over its text selects it),
// right-clicked or long-pressed (a touch long-press arrives as a right-click).
bool value_clicked();
// Asks `m` to open for `value` at `path` (a detail page's field: "$.title").
void request_value_menu(ValueMenu& m, const std::string& value, const std::string& path);
// Asks `m` to open for what `pointer` (RFC 6901) names in `doc`.
void request_value_menu(ValueMenu& m, const json& doc, const std::string& pointer);
// The menu's entries, inside a popup the caller has begun: the value, Copy value, Copy JSON path. True when
// one was used (the caller closes its popup).
bool value_menu_entries(AppState& s, const std::optional<std::string>& value, const std::string& path);
// Opens (when requested) and draws the popup `id` with value_menu_entries.
void value_menu(AppState& s, ValueMenu& m, const char* id);
// `shown` wrapped, as the value `value` at `path` (a detail page's field): a click on it opens `m`. Labelled
// "value:<path>" for the test bridge.
void copyable_text(AppState& s, ValueMenu& m, const std::string& shown, const std::string& value,
                   const std::string& path);

// `doc` as a tree (objects and arrays open, the first levels at once) whose scalar leaves are values:
// `on_value(pointer, key)` is called for the one clicked. Each leaf is labelled "<kind>:<pointer>" for the test
// bridge. At most `max_nodes` nodes are drawn ("the rest is not shown" below them).
void json_tree(AppState& s, const json& doc, const char* kind,
               const std::function<void(const std::string& pointer, const std::string& key)>& on_value,
               int max_nodes = 1500);

}  // namespace pinlab::app
