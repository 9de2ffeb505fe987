// input.cpp — browser-like input for Dear ImGui 1.86 (see input.h for what and why).
//
// [SECTION] state
// [SECTION] scrolling (wheel, touch drag and its inertia) with scroll chaining to the enclosing region
// [SECTION] events -> ImGuiIO, one frame at a time (touch gestures included)
// [SECTION] Tab between all controls
// [SECTION] clipboard and caret queries
#include "app/ui/input.h"

#include "app/ui/semantics.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <vector>

#include "app/ui/theme.h"
#include "core/text.h"

namespace pinlab::app::ui_input {

namespace {

// [SECTION] state --------------------------------------------------------------------------------

constexpr double kLongPressMs = 500;    // a touch held this long without moving is a right-click
constexpr float kTouchSlopCss = 10;     // movement (CSS px) that turns a touch into a drag
constexpr double kInertiaTauMs = 325;   // exponential decay of a swipe's velocity (as iOS and Android feel)
constexpr float kInertiaStop = 0.02f;   // px/ms under which inertia stops
constexpr int kTabRetries = 64;         // disabled controls skipped per Tab at most

struct Sample {
    double t;
    float x, y;
};

struct Touch {
    bool active = false;
    int id = -1;
    float x0 = 0, y0 = 0, x = 0, y = 0;
    double t0 = 0;
    bool dragging = false;
    bool long_fired = false;
    bool need_target = false;
    ImGuiID target_x = 0, target_y = 0;  // windows this drag scrolls (found under the finger at touch-down)
    std::vector<Sample> samples;         // the last ~100 ms of movement, for the release velocity
};

// An IME composes a word or a phrase; more than this is not a composition a person reads at the caret.
constexpr size_t kMaxCompose = 1024;

struct State {
    bool mac = false;
    bool touch_used = false;
    std::vector<Event> queue;  // a vector, not a deque: a few events a frame, and less code in the page
    Touch touch;
    // Pending scroll, device px: the wheel's goes to the region under the pointer, the drag's to the
    // regions found at touch-down.
    float wheel_dx = 0, wheel_dy = 0;
    float drag_dx = 0, drag_dy = 0;
    float vel_x = 0, vel_y = 0;  // inertia, px/ms
    ImGuiID inertia_x = 0, inertia_y = 0;
    double now = 0, last_now = 0;
    int pending_tab = 0;  // +1 Tab, -1 Shift+Tab
    bool focus_away = false;  // a FocusAway came: the text field being edited is let go after NewFrame
    bool keys_last = false;   // the latest press was a key (not a mouse button or a touch)
    bool alt_chord = false;   // a key went down while Alt was held (Alt+digit): Alt's release is no menu toggle
    int tab_dir = 0;      // the Tab request in flight (checked for a disabled landing next frame)
    int tab_retries = 0;
    bool enter_pressed = false;  // Enter went down this frame
    int keep_caret = 0;          // frames left to keep the caret on screen (a field just opened, a keyboard came up)
    bool was_editing = false;
    float display_h = 0;
    bool user_focus = false;     // the focus was placed by a click or a Tab (not by ImGui's initial pick)
    bool to_content = false;     // a view opened: the next content_start() takes the focus
    std::string compose;         // what an IME is composing (bounded by kMaxCompose)
    ImGuiID secret_id = 0;       // the secret field drawn last, and when
    int secret_frame = -1;
};
State S;


// [SECTION] scrolling ------------------------------------------------------------------------------

bool blocks_wheel(const ImGuiWindow* w) {
    return (w->Flags & ImGuiWindowFlags_NoScrollWithMouse) && !(w->Flags & ImGuiWindowFlags_NoMouseInputs);
}

// The innermost window at or above `w` that can scroll on `axis` (0 x, 1 y), as ImGui's own wheel picks.
ImGuiWindow* scrollable(ImGuiWindow* w, int axis) {
    for (; w; w = w->ParentWindow) {
        const float max = axis ? w->ScrollMax.y : w->ScrollMax.x;
        if (max > 0 && !blocks_wheel(w)) return w;
        if (!(w->Flags & ImGuiWindowFlags_ChildWindow)) return nullptr;
    }
    return nullptr;
}

float scroll_of(const ImGuiWindow* w, int axis) {
    const float target = axis ? w->ScrollTarget.y : w->ScrollTarget.x;
    if (target < FLT_MAX) return target;  // already moved this frame
    return axis ? w->Scroll.y : w->Scroll.x;
}

// Scrolls by `d` px on `axis`, starting at `w`; what `w` cannot take goes to the enclosing scrollable
// region (scroll chaining, as in a page). Returns the distance actually scrolled.
float scroll_by(ImGuiWindow* w, int axis, float d) {
    float done = 0;
    for (; w && std::fabs(d) > 0.01f; w = (w->Flags & ImGuiWindowFlags_ChildWindow) ? scrollable(w->ParentWindow, axis) : nullptr) {
        const float max = axis ? w->ScrollMax.y : w->ScrollMax.x;
        const float cur = scroll_of(w, axis);
        const float next = std::clamp(cur + d, 0.0f, max);
        if (next != cur) {
            if (axis) ImGui::SetScrollY(w, next);
            else ImGui::SetScrollX(w, next);
        }
        done += next - cur;
        d -= next - cur;
    }
    return done;
}

ImGuiWindow* window_by_id(ImGuiID id) { return id ? ImGui::FindWindowByID(id) : nullptr; }

void apply_scrolling() {
    ImGuiContext& g = *GImGui;
    if (S.wheel_dx != 0 || S.wheel_dy != 0) {
        if (ImGuiWindow* h = g.HoveredWindow) {
            if (S.wheel_dy != 0) scroll_by(scrollable(h, 1), 1, S.wheel_dy);
            if (S.wheel_dx != 0) scroll_by(scrollable(h, 0), 0, S.wheel_dx);
        }
        S.wheel_dx = S.wheel_dy = 0;
    }
    if (S.touch.need_target) {
        S.touch.need_target = false;
        ImGuiWindow* h = g.HoveredWindow;
        ImGuiWindow* wy = h ? scrollable(h, 1) : nullptr;
        ImGuiWindow* wx = h ? scrollable(h, 0) : nullptr;
        S.touch.target_y = wy ? wy->ID : 0;
        S.touch.target_x = wx ? wx->ID : 0;
    }
    if (S.drag_dx != 0 || S.drag_dy != 0) {
        if (S.drag_dy != 0) scroll_by(window_by_id(S.touch.target_y), 1, S.drag_dy);
        if (S.drag_dx != 0) scroll_by(window_by_id(S.touch.target_x), 0, S.drag_dx);
        S.drag_dx = S.drag_dy = 0;
    }
    if (S.vel_x != 0 || S.vel_y != 0) {
        const double dt = std::clamp(S.now - S.last_now, 0.0, 50.0);
        const float k = static_cast<float>(std::exp(-dt / kInertiaTauMs));
        const float sy = S.vel_y * static_cast<float>(dt), sx = S.vel_x * static_cast<float>(dt);
        if (S.vel_y != 0 && std::fabs(scroll_by(window_by_id(S.inertia_y), 1, sy)) < 0.01f && std::fabs(sy) > 0.01f) S.vel_y = 0;
        if (S.vel_x != 0 && std::fabs(scroll_by(window_by_id(S.inertia_x), 0, sx)) < 0.01f && std::fabs(sx) > 0.01f) S.vel_x = 0;
        S.vel_x *= k;
        S.vel_y *= k;
        if (std::fabs(S.vel_x) < kInertiaStop) S.vel_x = 0;
        if (std::fabs(S.vel_y) < kInertiaStop) S.vel_y = 0;
    }
}

// [SECTION] events -> ImGuiIO -----------------------------------------------------------------------

void set_mods(ImGuiIO& io, const Mods& m) {
    io.KeyCtrl = m.ctrl;
    io.KeyShift = m.shift;
    io.KeyAlt = m.alt;
    io.KeySuper = m.super;
}

Event synthetic(Type t, float x, float y, int button = 0) {
    Event e;
    e.type = t;
    e.x = x;
    e.y = y;
    e.button = button;
    e.t_ms = S.now;
    return e;
}

// A click (or right-click) where a touch ended: move there, press, release, then leave so no hover
// lingers under the finger. The queue spreads them over frames.
void queue_click_front(std::vector<Event>& q, size_t at, float x, float y, int button) {
    Event evs[] = {synthetic(Type::MouseMove, x, y), synthetic(Type::MouseDown, x, y, button),
                   synthetic(Type::MouseUp, x, y, button), synthetic(Type::MouseLeave, x, y)};
    q.insert(q.begin() + static_cast<std::ptrdiff_t>(at), std::begin(evs), std::end(evs));
}

// The shortcut ImGui's text field knows (Ctrl+V, or Cmd+V with macOS behaviours), pressed and released.
void queue_shortcut_front(std::vector<Event>& q, size_t at, Key k) {
    Mods m;
    (S.mac ? m.super : m.ctrl) = true;
    Event down, up;
    down.type = Type::KeyDown;
    up.type = Type::KeyUp;
    down.key = up.key = k;
    down.mods = up.mods = m;
    Event release_mods;  // back to no modifiers once done (the real keys' events follow anyway)
    release_mods.type = Type::KeyUp;
    release_mods.key = Key::None;
    Event evs[] = {down, up, release_mods};
    q.insert(q.begin() + static_cast<std::ptrdiff_t>(at), std::begin(evs), std::end(evs));
}

void touch_down(const Event& e, std::vector<Event>& q, size_t at) {
    if (S.touch.active) return;  // a second finger: pinch is not supported, the first one leads
    S.touch_used = true;
    S.vel_x = S.vel_y = 0;  // a touch stops a running swipe, as on a page
    Touch& t = S.touch;
    t = Touch{};
    t.active = true;
    t.id = e.button;
    t.x0 = t.x = e.x;
    t.y0 = t.y = e.y;
    t.t0 = e.t_ms;
    t.need_target = true;
    t.samples.push_back({e.t_ms, e.x, e.y});
    // Hover the point so the region under the finger is known after the next NewFrame.
    q.insert(q.begin() + static_cast<std::ptrdiff_t>(at), synthetic(Type::MouseMove, e.x, e.y));
}

void touch_move(const Event& e, std::vector<Event>& q, size_t at) {
    Touch& t = S.touch;
    if (!t.active || e.button != t.id) return;
    if (!t.dragging && !t.long_fired && std::hypot(e.x - t.x0, e.y - t.y0) > kTouchSlopCss * ui_scale()) {
        t.dragging = true;
        q.insert(q.begin() + static_cast<std::ptrdiff_t>(at), synthetic(Type::MouseLeave, e.x, e.y));
    }
    if (t.dragging) {
        S.drag_dx += t.x - e.x;  // content follows the finger
        S.drag_dy += t.y - e.y;
    }
    t.x = e.x;
    t.y = e.y;
    t.samples.push_back({e.t_ms, e.x, e.y});
    size_t old = 0;
    while (t.samples.size() - old > 2 && e.t_ms - t.samples[old].t > 100) ++old;
    t.samples.erase(t.samples.begin(), t.samples.begin() + static_cast<std::ptrdiff_t>(old));
}

void touch_up(const Event& e, std::vector<Event>& q, size_t at, bool cancelled) {
    Touch& t = S.touch;
    if (!t.active || e.button != t.id) return;
    touch_move(e, q, at);
    t.active = false;
    if (cancelled) {
        q.insert(q.begin() + static_cast<std::ptrdiff_t>(at), synthetic(Type::MouseLeave, e.x, e.y));
        return;
    }
    if (t.dragging) {
        // Release velocity over the last ~100 ms; a finger that stopped before lifting does not fling.
        const Sample& a = t.samples.front();
        const double dt = e.t_ms - a.t;
        if (dt > 5 && dt < 150) {
            S.vel_x = static_cast<float>((a.x - e.x) / dt);
            S.vel_y = static_cast<float>((a.y - e.y) / dt);
            S.inertia_x = t.target_x;
            S.inertia_y = t.target_y;
        }
        return;
    }
    if (t.long_fired) {
        q.insert(q.begin() + static_cast<std::ptrdiff_t>(at), synthetic(Type::MouseLeave, e.x, e.y));
        return;
    }
    // Held still until lifted: a tap, or a long press when it lasted long enough (frames may have been too
    // slow to notice while it was down).
    queue_click_front(q, at, t.x0, t.y0, e.t_ms - t.t0 >= kLongPressMs ? 1 : 0);
}

}  // namespace

void init(bool mac) {
    S = State{};
    S.mac = mac;
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigMacOSXBehaviors = mac;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
    auto map = [&](ImGuiKey_ k, Key v) { io.KeyMap[k] = static_cast<int>(v); };
    map(ImGuiKey_Tab, Key::Tab);
    map(ImGuiKey_LeftArrow, Key::Left);
    map(ImGuiKey_RightArrow, Key::Right);
    map(ImGuiKey_UpArrow, Key::Up);
    map(ImGuiKey_DownArrow, Key::Down);
    map(ImGuiKey_PageUp, Key::PageUp);
    map(ImGuiKey_PageDown, Key::PageDown);
    map(ImGuiKey_Home, Key::Home);
    map(ImGuiKey_End, Key::End);
    map(ImGuiKey_Insert, Key::Insert);
    map(ImGuiKey_Delete, Key::Delete);
    map(ImGuiKey_Backspace, Key::Backspace);
    map(ImGuiKey_Space, Key::Space);
    map(ImGuiKey_Enter, Key::Enter);
    map(ImGuiKey_KeyPadEnter, Key::Enter);
    map(ImGuiKey_Escape, Key::Escape);
    map(ImGuiKey_A, Key::A);
    map(ImGuiKey_C, Key::C);
    map(ImGuiKey_V, Key::V);
    map(ImGuiKey_X, Key::X);
    map(ImGuiKey_Y, Key::Y);
    map(ImGuiKey_Z, Key::Z);
}

void shutdown() { S = State{}; }

void push(Event e) {
    // Bounded: a page that stops drawing (hidden tab) must not collect events without end.
    if (S.queue.size() >= 4096) S.queue.erase(S.queue.begin());
    S.queue.push_back(std::move(e));
}

void begin_frame(double now_ms) {
    ImGuiIO& io = ImGui::GetIO();
    S.last_now = S.now ? S.now : now_ms;
    S.now = now_ms;
    S.enter_pressed = false;

    // Apply events in order until one would undo a change already made this frame (a press and its
    // release, a key typed twice, text after a key): the rest waits for the next frame.
    int buttons_changed = 0;
    bool keys_changed[static_cast<int>(Key::Count)] = {};
    bool any_key_changed = false, text_added = false;
    size_t i = 0;
    for (; i < S.queue.size(); ++i) {
        Event e = S.queue[i];  // a copy: gestures may insert into the queue
        bool stop = false;
        switch (e.type) {
            case Type::MouseMove:
            case Type::MouseLeave:
            case Type::Wheel: {
                ImVec2 pos = e.type == Type::MouseLeave ? ImVec2(-FLT_MAX, -FLT_MAX) : ImVec2(e.x, e.y);
                const bool moved = pos.x != io.MousePos.x || pos.y != io.MousePos.y;
                if (moved && (buttons_changed || any_key_changed || text_added)) {
                    stop = true;
                    break;
                }
                io.MousePos = pos;
                if (e.type == Type::Wheel) {
                    S.wheel_dx += e.dx;
                    S.wheel_dy += e.dy;
                }
                break;
            }
            case Type::MouseDown:
            case Type::MouseUp: {
                const int b = std::clamp(e.button, 0, 4);
                const ImVec2 pos(e.x, e.y);
                if ((buttons_changed & (1 << b)) || ((pos.x != io.MousePos.x || pos.y != io.MousePos.y) && buttons_changed)) {
                    stop = true;
                    break;
                }
                io.MousePos = pos;
                io.MouseDown[b] = e.type == Type::MouseDown;
                if (e.type == Type::MouseDown) {
                    S.user_focus = true;
                    S.keys_last = false;
                }
                set_mods(io, e.mods);
                buttons_changed |= 1 << b;
                break;
            }
            case Type::TouchDown:
                S.keys_last = false;
                touch_down(e, S.queue, i + 1);
                break;
            case Type::TouchMove: touch_move(e, S.queue, i + 1); break;
            case Type::TouchUp: touch_up(e, S.queue, i + 1, false); break;
            case Type::TouchCancel: touch_up(e, S.queue, i + 1, true); break;
            case Type::KeyDown:
            case Type::KeyUp: {
                const int k = static_cast<int>(e.key);
                const bool down = e.type == Type::KeyDown;
                // ImGui ignores typed characters while Ctrl is down: text typed just before a Ctrl+V must
                // not share its frame with the Ctrl press.
                const bool mods_change = io.KeyCtrl != e.mods.ctrl || io.KeyShift != e.mods.shift ||
                                         io.KeyAlt != e.mods.alt || io.KeySuper != e.mods.super;
                if ((k > 0 && k < static_cast<int>(Key::Count) && (keys_changed[k] || (down && text_added))) ||
                    (mods_change && text_added)) {
                    stop = true;
                    break;
                }
                set_mods(io, e.mods);
                if (k <= 0 || k >= static_cast<int>(Key::Count)) break;  // a modifier alone
                if (down) S.keys_last = true;
                if (down && e.mods.alt) S.alt_chord = true;
                keys_changed[k] = true;
                any_key_changed = true;
                if (e.key == Key::Tab) {  // handled in after_new_frame(), not by ImGui's text-field-only tabbing
                    if (down) S.pending_tab = e.mods.shift ? -1 : 1;
                    break;
                }
                if (down && e.key == Key::Enter && !io.KeysDown[k]) S.enter_pressed = true;
                io.KeysDown[k] = down;
                break;
            }
            case Type::Text:
                if (any_key_changed && !text_added) {
                    // Keys first, then the text they typed: one frame each keeps ImGui's order.
                    stop = true;
                    break;
                }
                io.AddInputCharactersUTF8(e.text.c_str());
                text_added = true;
                break;
            case Type::Paste: queue_shortcut_front(S.queue, i + 1, Key::V); break;
            case Type::Cut: queue_shortcut_front(S.queue, i + 1, Key::X); break;
            case Type::Blur:
                S.compose.clear();
                for (bool& d : io.KeysDown) d = false;
                for (bool& d : io.MouseDown) d = false;
                set_mods(io, Mods{});
                S.touch.active = false;
                break;
            case Type::FocusAway:
                S.focus_away = true;
                S.compose.clear();
                break;
            case Type::Compose: S.compose = e.text.substr(0, utf8_floor(e.text, std::min(e.text.size(), kMaxCompose)));
                break;
        }
        if (stop) break;
    }
    S.queue.erase(S.queue.begin(), S.queue.begin() + static_cast<std::ptrdiff_t>(i));

    // Long press: the touch is still down (its release, if it came, was handled above: a slow frame must not
    // turn a tap whose release is already queued into a long press) and has been held still long enough.
    if (S.touch.active && !S.touch.dragging && !S.touch.long_fired && now_ms - S.touch.t0 >= kLongPressMs) {
        S.touch.long_fired = true;
        queue_click_front(S.queue, S.queue.size(), S.touch.x0, S.touch.y0, 1);
    }

    // Enter activates the focused control as Space does (1.86 maps it to text input only), on the frame it
    // goes down and only when no field is being edited (there Enter is the field's own key).
    if (S.enter_pressed && GImGui->ActiveId == 0) io.NavInputs[ImGuiNavInput_Activate] = 1.0f;
}

// [SECTION] Tab between all controls ------------------------------------------------------------------

namespace {

void submit_tab(int dir) {
    ImGuiContext& g = *GImGui;
    if (!g.NavWindow) {
        // Nothing focused yet: start in the frontmost window that takes keyboard navigation.
        for (int i = g.WindowsFocusOrder.Size - 1; i >= 0; --i) {
            ImGuiWindow* w = g.WindowsFocusOrder[i];
            if (w->WasActive && !(w->Flags & ImGuiWindowFlags_NoNavInputs)) {
                ImGui::FocusWindow(w);
                break;
            }
        }
    }
    if (!g.NavWindow || (g.NavWindow->Flags & ImGuiWindowFlags_NoNavInputs) || g.NavMoveDir != ImGuiDir_None) return;
    // ImGui's own Tab request, widened to every item (FocusApi) instead of text fields only. The first Tab
    // on a page goes to its first control, even though ImGui already picked a hidden focus for the window.
    const bool from_start = g.NavId == 0 || (g.NavDisableHighlight && !S.user_focus);
    g.NavTabbingDir = dir < 0 ? -1 : (from_start ? 0 : 1);
    S.user_focus = true;
    ImGui::NavMoveRequestSubmit(ImGuiDir_None, dir < 0 ? ImGuiDir_Up : ImGuiDir_Down,
                                ImGuiNavMoveFlags_Tabbing | ImGuiNavMoveFlags_FocusApi,
                                ImGuiScrollFlags_KeepVisibleEdgeX | ImGuiScrollFlags_KeepVisibleEdgeY);
    g.NavTabbingResultFirst.Clear();
    g.NavTabbingCounter = -1;
    S.tab_dir = dir;
}

// The Tab request of the previous frame landed: move on past a disabled or non-navigable item.
void check_tab_landing() {
    ImGuiContext& g = *GImGui;
    const int dir = S.tab_dir;
    S.tab_dir = 0;
    if (!dir || g.NavId == 0) return;
    ImGuiItemFlags flags = 0;
    if (g.NavMoveResultLocal.ID == g.NavId) flags = g.NavMoveResultLocal.InFlags;
    else if (g.NavTabbingResultFirst.ID == g.NavId) flags = g.NavTabbingResultFirst.InFlags;
    else return;
    if ((flags & (ImGuiItemFlags_Disabled | ImGuiItemFlags_NoNav)) && ++S.tab_retries < kTabRetries) {
        submit_tab(dir);
        return;
    }
    S.tab_retries = 0;
}

}  // namespace

namespace {

// When a field starts being edited, or the screen shrinks under it (a phone's keyboard came up), the
// region holding it scrolls until its caret is visible again, as a browser does for a focused input.
void keep_caret_visible() {
    ImGuiContext& g = *GImGui;
    const bool editing = g.IO.WantTextInput;
    const float h = g.IO.DisplaySize.y;
    if (editing && (!S.was_editing || h < S.display_h - 0.5f)) S.keep_caret = 30;
    S.was_editing = editing;
    S.display_h = h;
    if (!editing) S.keep_caret = 0;
    if (S.keep_caret <= 0) return;
    --S.keep_caret;
    // NewFrame() has just reset PlatformImePos; the caret of the frame before is in PlatformImeLastPos.
    const float y = g.PlatformImeLastPos.y, line = g.FontSize;
    if (y == FLT_MAX || !g.ActiveIdWindow) return;
    ImGuiWindow* w = scrollable(g.ActiveIdWindow, 1);
    if (!w) return;
    const float margin = line * 0.5f;
    const float bottom = std::min(h, w->InnerRect.Max.y) - margin;
    const float top = std::max(0.0f, w->InnerRect.Min.y) + margin;
    if (y + line > bottom) scroll_by(w, 1, y + line - bottom);
    else if (y < top) scroll_by(w, 1, y - top);
}

}  // namespace

namespace {

// The IME's composition, drawn where the caret of the field being edited was last frame (the frame before
// NewFrame() left it in PlatformImeLastPos): on an opaque box of the popup background (so the field's text
// after the caret does not show through), in the text colour, underlined as browsers show text not yet
// committed. It covers the text after the caret while it lasts.
void draw_composition() {
    ImGuiContext& g = *GImGui;
    if (S.compose.empty()) return;
    if (g.ActiveId == 0 || g.InputTextState.ID != g.ActiveId) {
        S.compose.clear();  // the field let go: nothing is being composed into it any more
        return;
    }
    const ImVec2 at = g.PlatformImeLastPos;
    if (at.x == FLT_MAX || at.y == FLT_MAX) return;
    const char* b = S.compose.data();
    const char* e = b + S.compose.size();
    const ImVec2 size = ImGui::CalcTextSize(b, e);
    const ImVec2 p(at.x + 1, at.y);
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    const float pad = std::max(1.0f, g.FontSize * 0.1f);
    dl->AddRectFilled(ImVec2(p.x - pad, p.y), ImVec2(p.x + size.x + pad, p.y + g.FontSize + pad * 2),
                      ImGui::GetColorU32(ImGuiCol_PopupBg, 1.0f));
    dl->AddText(p, ImGui::GetColorU32(ImGuiCol_Text), b, e);
    const float y = p.y + g.FontSize + pad;
    dl->AddLine(ImVec2(p.x, y), ImVec2(p.x + size.x, y), ImGui::GetColorU32(ImGuiCol_Text), pad);
}

}  // namespace

const std::string& composition() { return S.compose; }

void after_new_frame() {
    draw_composition();
    apply_scrolling();
    keep_caret_visible();
    check_tab_landing();
    if (S.alt_chord) {
        // ImGui moves the keyboard focus to the menu layer when Alt is released with no character typed
        // (a digit is no character): after Alt+digit the focus would land on the top bar's Sign out.
        GImGui->NavWindowingToggleLayer = false;
        if (!ImGui::GetIO().KeyAlt) S.alt_chord = false;
    }
    if (S.focus_away) {
        // As a click outside the field would: what was typed stays (ImGui applies edits as they are made).
        S.focus_away = false;
        ImGuiContext& g = *GImGui;
        if (g.ActiveId != 0 && g.InputTextState.ID == g.ActiveId) ImGui::ClearActiveID();
    }
    if (S.pending_tab) {
        S.tab_retries = 0;
        submit_tab(S.pending_tab);
        S.pending_tab = 0;
    }
}

bool animating() {
    if (!S.queue.empty() || S.touch.active || S.vel_x != 0 || S.vel_y != 0 || S.tab_dir || S.pending_tab) return true;
    const ImGuiIO& io = ImGui::GetIO();
    for (int k = 1; k < static_cast<int>(Key::Count); ++k)
        if (io.KeysDown[k]) return true;  // ImGui repeats held keys itself, over frames
    return false;
}

void tab_to_content() { S.to_content = true; }

void content_start() {
    ImGuiContext& g = *GImGui;
    ImGuiWindow* w = g.CurrentWindow;
    const ImGuiID id = w->GetID("##content-start");
    const ImVec2 p = w->DC.CursorPos;
    // No size and NoNav: it takes no room, nothing draws or mirrors it, and a Tab that lands on it moves on
    // (check_tab_landing); only as the focus's reference does it count.
    ImGui::PushItemFlag(ImGuiItemFlags_NoNav, true);
    ImGui::ItemAdd(ImRect(p, p), id);
    ImGui::PopItemFlag();
    if (!S.to_content) return;
    S.to_content = false;
    if (g.ActiveId != 0) return;  // a field being edited keeps the keys
    ImGui::SetFocusID(id, w);
    g.NavDisableHighlight = true;  // nothing is drawn focused until the next Tab
    S.user_focus = true;           // so that Tab moves on from here instead of starting at the page's top
}

bool touch_used() { return S.touch_used; }
bool keys_last() { return S.keys_last; }

// [SECTION] clipboard and caret queries --------------------------------------------------------------

void mark_secret() {
    semantics::mark_secret();
    if (!GImGui) return;
    S.secret_id = GImGui->LastItemData.ID;
    S.secret_frame = GImGui->FrameCount;
}

std::string copy_text() {
    ImGuiContext* g = GImGui;
    if (!g || g->ActiveId == 0) return {};
    if (g->ActiveId == S.secret_id && g->FrameCount - S.secret_frame <= 1) return {};
    const ImGuiInputTextState& st = g->InputTextState;
    if (st.ID != g->ActiveId || (st.Flags & ImGuiInputTextFlags_Password) || st.TextW.Size == 0) return {};
    const int len = std::min(st.CurLenW, st.TextW.Size);
    int a = 0, b = len;
    if (st.HasSelection()) {
        a = std::clamp(std::min(st.Stb.select_start, st.Stb.select_end), 0, len);
        b = std::clamp(std::max(st.Stb.select_start, st.Stb.select_end), 0, len);
    }
    std::string out(static_cast<size_t>(b - a) * 4 + 1, '\0');
    const int n = ImTextStrToUtf8(out.data(), static_cast<int>(out.size()), st.TextW.Data + a, st.TextW.Data + b);
    out.resize(static_cast<size_t>(n));
    return out;
}

// After a frame (before the next NewFrame, which resets it), PlatformImePos is the caret the frame drew.
bool caret(float* x, float* y, float* line_h) {
    ImGuiContext* g = GImGui;
    if (!g || !g->IO.WantTextInput || g->PlatformImePos.x == FLT_MAX) return false;
    *x = g->PlatformImePos.x;
    *y = g->PlatformImePos.y;
    *line_h = g->FontSize;
    return true;
}

}  // namespace pinlab::app::ui_input
