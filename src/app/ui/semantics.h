// semantics.h — the semantics recorder: what each frame shows, the way assistive technology and the browser
// need it — every interactive item with its role, name, state and box, and every run of text a person reads
// with where it is drawn. The page keeps a DOM layer in step with it (src/platform/web/semantics.cpp): real
// buttons, links, fields and transparent positioned text over the pixels, which screen readers, the browser's
// selection, Ctrl+C and Ctrl+F work on.
//
// Views never call it. It is fed by
//   - ImGui's item hooks (item_add, item_info: every item with an id, its label and status flags; the web
//     build compiles them in with IMGUI_ENABLE_TEST_ENGINE),
//   - the test bridge's labels (labelled: "button:Save", "pin:<id>", …; the label's kind gives the role when
//     the hook cannot tell — a radio button, a tab, a pin tile),
//   - the text renderer (text: every string ImFont::RenderText draws, in the web build a hook in ImGui's
//     draw code), so text owned by an item becomes its name or value and the rest becomes text runs.
// end_frame() compares the frame with the previous one and returns only what changed (changes()), so an
// unchanged frame costs the page nothing and the DOM is never rebuilt; only what is on screen is recorded.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct ImGuiContext;
struct ImRect;
struct ImFont;
struct ImVec2;
struct ImVec4;

namespace pinlab::app::semantics {

enum class Role : uint8_t {
    Text,      // a run of text (one drawn line)
    Heading,   // text drawn larger than the body font (a view's title)
    Button,
    Link,      // a view of the top bar
    Checkbox,
    Radio,
    Tab,       // inside a tablist
    Textbox,   // value: what it shows (never for a secret)
    Combobox,
    Option,    // inside a listbox (operations, history, console rows)
    TreeItem,  // inside a tree; value: its JSON path; its text stays selectable inside it
    Tile,      // a board card or pin tile: a link inside a list item
    Image,     // a chart or an image, named by its label
    Count
};

// Containers: a window is one (the main one is `main`, a modal popup a `dialog`, the error box an `alert`,
// the status bar a `status`); items whose role needs a parent get one inside their window's.
enum class Group : uint8_t { Plain, Main, Dialog, Alert, TabList, ListBox, Tree, List, Status, Count };

enum State : uint16_t {
    Checkable = 1 << 0,
    Checked = 1 << 1,
    Selected = 1 << 2,
    Expandable = 1 << 3,
    Expanded = 1 << 4,
    Disabled = 1 << 5,
    Invalid = 1 << 6,
    Secret = 1 << 7,     // a password or token field: its value is never exposed
    Multiline = 1 << 8,
    Focused = 1 << 9,    // the keyboard focus (ImGui's navigation highlight) is on it
};

struct Node {
    uint32_t key = 0;     // an item's ImGuiID; for a text run a hash of its window, owner and text
    uint32_t group = 0;   // the container it is in
    uint32_t parent = 0;  // the item a text run is the content of (then x, y are relative to it), else 0
    Role role = Role::Text;
    uint16_t state = 0;
    uint8_t level = 0;    // a heading's level, a tree item's depth
    std::string name;     // the accessible name; a text run's text
    std::string value;    // a text field's value, a tree item's JSON path
    float x = 0, y = 0, w = 0, h = 0;  // CSS pixels
    float size = 0;                    // text: font size, CSS pixels
    bool operator==(const Node& o) const;
};

struct GroupInfo {
    uint32_t key = 0;
    uint32_t parent = 0;  // 0: the layer itself
    Group kind = Group::Plain;
    std::string name;
    bool busy = false;  // a spinner turns in it (aria-busy)
    bool operator==(const GroupInfo& o) const;
};

// [SECTION] Feeding (called by hooks; all are no-ops while the recorder is off)
void set_enabled(bool on);
bool enabled();
void begin_frame(float css_per_device_px_inv);  // device pixels per CSS pixel
void item_add(ImGuiContext* ctx, const ImRect& bb, unsigned int id);
void item_info(ImGuiContext* ctx, unsigned int id, const char* label, int status_flags);
// The last item drawn, under a test-bridge label "<kind>:<data>" (bridge.h lists them).
void labelled(const std::string& label);
// An explicit labelled rectangle in device pixels (bridge rect()).
void labelled_rect(const std::string& label, float x0, float y0, float x1, float y1);
void text(const ImFont* font, float size, const ImVec2& pos, unsigned int col, const ImVec4& clip, const char* begin,
          const char* end, float wrap_width);
// `shown` is `full` cut with an ellipsis: a text run drawing `shown` is named by `full`.
void ellipsized(const std::string& shown, const std::string& full);
// The last item is a secret field (its value is never recorded) / holds a value over its limit.
void mark_secret();
void mark_invalid();
// The last item's name is `text` (a chart's text alternative: what it shows in words).
void describe_last(const std::string& text);
// Something is loading in the current window (a spinner is drawn): its container is busy.
void mark_busy();
// Closes the frame: resolves names, values and containers, and compares with the previous frame.
void end_frame();

// [SECTION] Reading
const std::vector<Node>& nodes();
const std::vector<GroupInfo>& groups();
// What changed since the previous frame, "" when nothing did. Records are separated by \x1e, fields by \x1f:
//   g key parent kind name busy     a container, new or changed      G key      a container gone
//   n key group parent role state level name value x y w h size      n: a node, new or changed
//   x key                           a node gone
//   o key,key,…                     the order of every node (sent when it changed)
//   f key                           the keyboard focus moved to this node (0: none)
const std::string& changes();
// Counters since start: frames recorded, frames with changes, nodes written.
struct Stats {
    uint64_t frames = 0, changed_frames = 0, node_writes = 0;
};
Stats stats();

// [SECTION] Actions from the page
// Moves ImGui's keyboard focus to the item `key` (the page's focus moved to its element); call after
// ImGui::NewFrame(). False when no such item is on screen.
bool focus(uint32_t key);

// Drops all state (tests).
void reset();

}  // namespace pinlab::app::semantics
