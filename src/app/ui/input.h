// input.h — the app's input model: events as a browser reports them (pointer, wheel, touch, keys, text,
// clipboard) turned into Dear ImGui 1.86 input so the canvas behaves like a web page:
//   - the wheel and a touch drag scroll the region under the pointer by the distance reported, with
//     inertia after a swipe; a tap clicks, a long press right-clicks;
//   - a press and a release that arrive within one frame are applied one frame apart (1.86 has no input
//     queue: a quick Ctrl+A or click would otherwise be lost);
//   - Tab and Shift+Tab move between all enabled controls (1.86 tabs only through text fields), Enter
//     activates like Space, and the focused control is always outlined;
//   - a field being edited stays on screen when it opens or the screen shrinks (a phone's keyboard).
// A runner (src/platform/<name>) pushes events as they arrive, calls begin_frame() before
// ImGui::NewFrame() and after_new_frame() right after it. The headless tests drive it the same way.
#pragma once

#include <cstdint>
#include <string>

namespace pinlab::app::ui_input {

// Keys ImGui needs (navigation, editing, shortcuts) and the app's own shortcuts. Values are indices into
// ImGuiIO::KeysDown, and io.KeyMap points ImGui's named keys at them.
enum class Key : int {
    None = 0,
    Tab, Left, Right, Up, Down, PageUp, PageDown, Home, End, Insert, Delete, Backspace, Space, Enter, Escape,
    A, C, V, X, Y, Z,
    Digit1, Digit2, Digit3, Digit4, Digit5, Digit6, Digit7, Digit8, Digit9,
    Slash,
    Count
};

struct Mods {
    bool ctrl = false, shift = false, alt = false, super = false;
};

enum class Type : uint8_t {
    MouseMove,   // x, y
    MouseDown,   // x, y, button (0 left, 1 right, 2 middle)
    MouseUp,     // x, y, button
    MouseLeave,  // the pointer left the canvas
    Wheel,       // x, y: pointer; dx, dy: pixels to scroll (positive = towards the end)
    TouchDown,   // x, y, button = pointer id
    TouchMove,
    TouchUp,
    TouchCancel,
    KeyDown,     // key, mods
    KeyUp,
    Text,        // text typed (UTF-8), including what an on-screen keyboard or an IME composed
    Paste,       // the platform's clipboard now holds what the user pasted: paste it into the active field
    Cut,         // cut the active field's selection (the platform already put it on the clipboard)
    Blur,        // the page lost focus: release every key and button
    FocusAway,   // the page's focus went to an element that is not the app's: the edited field lets go
    Compose,     // text an IME is composing, not yet committed ("" once it ends): drawn at the caret
};

struct Event {
    Type type = Type::MouseMove;
    float x = 0, y = 0;    // device pixels
    float dx = 0, dy = 0;  // Wheel only, device pixels
    int button = 0;
    Key key = Key::None;
    Mods mods;
    double t_ms = 0;  // when it happened (the platform's monotonic clock)
    std::string text;
};

// Sets ImGui's key map and platform conventions (macOS: Cmd is the shortcut modifier). Call after
// ImGui::CreateContext().
void init(bool mac);
void shutdown();

void push(Event e);

// Before ImGui::NewFrame(): applies the events queued so far (stopping where a press and its release
// would fall in one frame), advances gestures and inertia.
void begin_frame(double now_ms);
// After ImGui::NewFrame(), before any window is drawn: scrolls the region under the pointer, moves the
// keyboard focus for Tab, keeps the focused control outlined.
void after_new_frame();

// True while something still has to happen without new events: queued events, inertia, a press held
// for its long-press, keys held down.
bool animating();
// True once a touch has been seen: the app enlarges its controls to at least 44 CSS px.
bool touch_used();
// True when the latest press was a key, not a click or a touch: a view opened from the keyboard gives its
// field the keys (on a phone a focused field would raise the on-screen keyboard unasked).
bool keys_last();

// The start of a view's content: an invisible mark, drawn first in the content region. Once a view opens
// (tab_to_content()), the next Tab goes to the view's first control and Shift+Tab to the control just
// before the content (the top bar's last), as a web page moves the focus to its main region when it
// navigates; until then the focus stayed on the link or key that opened the view.
void content_start();
void tab_to_content();

// What an IME is composing in the field being edited ("" when nothing is): the platform sends it as the user
// types (Compose events) and the committed text comes as a Text event. It is drawn at the caret, underlined,
// over the field (ImGui 1.86 has no composition of its own), so the user sees what the IME will insert.
const std::string& composition();

// Marks the last item drawn as a secret field (a password or token): Copy and Cut never take its text.
// Call every frame the field is drawn (ImGui clears a field's flags once it is drawn, so they cannot tell).
void mark_secret();
// The text a Copy would take now: the selection of the active text field (all of it when nothing is
// selected, as ImGui does), "" when no field is active or it is a secret field.
std::string copy_text();
// The caret of the active text field in device pixels (top-left and line height), as the frame just drawn
// left it (call after ImGui::Render()); false when no field is being edited.
bool caret(float* x, float* y, float* line_h);

}  // namespace pinlab::app::ui_input
