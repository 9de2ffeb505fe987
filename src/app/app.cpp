// app.cpp — the app's init/frame/shutdown: the top navigation bar, the content area (one view per
// route), the error box, toasts, the status bar, and the per-frame order:
//   location (Back/Forward) -> client.pump() + state -> views (recording bridge rectangles) -> images.
#include "app/app.h"

#include <imgui.h>

#include <algorithm>
#include <memory>
#include <string>

#include "app/ui/input.h"
#include "app/platform.h"
#include "app/state.h"
#include "app/ui/theme.h"
#include "app/views.h"
#include "app/ui/widgets.h"

namespace pinlab::app {

namespace {
std::unique_ptr<AppState> g_state;
bool g_drawn = false;
std::string g_focus_said;  // the keyboard focus last announced

// "button:Sign in" -> "Sign in, button": what a screen reader says when the keyboard focus lands on it.
std::string spoken(const std::string& label) {
    size_t c = label.find(':');
    if (c == std::string::npos) return label;
    std::string kind = label.substr(0, c), name = label.substr(c + 1);
    if (kind == "nav" || kind == "menu" || kind == "tab") kind = "link";
    if (kind == "backend") kind = "option";
    if (kind == "input") kind = "text field";
    if (kind == "check" || kind == "scope") kind = "checkbox";
    return name + ", " + kind;
}

// The view on screen lights its link (a board and a pin light Boards).
bool nav_active(const AppState& s, Route r) { return view_def(s.nav.route).lights == r; }

// Views stay reachable while signed out: they explain that they need a sign-in (sign_in_needed()).
void open_view(AppState& s, Route r) { s.go(Nav{r}); }

void toggle_theme(AppState& s) {
    s.settings.dark = !s.settings.dark;
    apply_palette(s.settings.dark ? Theme::Dark : Theme::Light);
    s.save_settings();
}

// Below ~700 CSS px the bar is the logo, the current view and a Menu button with everything else.
void menu_popup(AppState& s) {
    if (!ImGui::BeginPopup("##menu")) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float w = std::min(vp->WorkSize.x - px(24), px(320));
    const ImVec2 row(w, touch_target());
    for (NavGroup group : {NavGroup::Bar, NavGroup::More})
        for (const ViewDef* v : all_views()) {
            if (v->group != group) continue;
            if (ImGui::Selectable(v->nav_label, nav_active(s, v->route), 0, row)) open_view(s, v->route);
            s.bridge.item(std::string("menu:") + v->nav_label);
        }
    ImGui::Separator();
    if (ImGui::Selectable(s.settings.dark ? "Light theme" : "Dark theme", false, 0, row)) toggle_theme(s);
    s.bridge.item("menu:Theme");
    if (s.signed_in()) {
        if (ImGui::Selectable("Sign out", false, 0, row)) s.session.sign_out(s);
        s.bridge.item("menu:Sign out");
    } else {
        if (ImGui::Selectable("Sign in", false, 0, row)) s.go(Nav{Route::Connect});
        s.bridge.item("menu:Sign in");
    }
    ImGui::EndPopup();
}

// "More ▾": the views of NavGroup::More (a popup under the button).
void more_menu(AppState& s, bool in) {
    bool active = false;
    for (const ViewDef* v : all_views()) active = active || (in && v->group == NavGroup::More && nav_active(s, v->route));
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
    if (ImGui::Button("More")) ImGui::OpenPopup("##more");
    s.bridge.item("nav:More");
    if (active) ImGui::PopStyleColor();
    ImGui::SameLine();
    if (ImGui::BeginPopup("##more")) {
        for (const ViewDef* v : all_views()) {
            if (v->group != NavGroup::More) continue;
            if (ImGui::Selectable(v->nav_label, in && nav_active(s, v->route), 0, ImVec2(px(200), 0)))
                open_view(s, v->route);
            if (ImGui::IsItemHovered()) s.expect_view(v->route);
            s.bridge.item(std::string("more:") + v->nav_label);
        }
        ImGui::EndPopup();
    }
}

void top_bar(AppState& s) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.90f, 0.0f, 0.14f, 1.0f));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Pinlab");
    ImGui::PopStyleColor();
    ImGui::SameLine(0, px(18));
    const bool in = s.signed_in();
    if (compact_layout()) {
        const char* here = "Sign in";
        for (const ViewDef* v : all_views())
            if (v->group != NavGroup::None && (in || v->route == Route::Explorer) && nav_active(s, v->route))
                here = v->nav_label;
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(here);
        const char* label = "Menu";
        float w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - w));
        if (button(s, label)) ImGui::OpenPopup("##menu");
        menu_popup(s);
        ImGui::Separator();
        return;
    }
    for (const ViewDef* v : all_views()) {
        if (v->group != NavGroup::Bar) continue;
        bool active = (in || v->route == Route::Explorer) && nav_active(s, v->route);
        if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
        if (ImGui::Button(v->nav_label)) open_view(s, v->route);
        // A pointer over a link is a click on its way (~100-300 ms ahead): a deferred view's code starts now.
        if (ImGui::IsItemHovered()) s.expect_view(v->route);
        s.bridge.item(std::string("nav:") + v->nav_label);
        if (active) ImGui::PopStyleColor();
        ImGui::SameLine();
    }
    more_menu(s, in);
    float right = ImGui::GetWindowContentRegionMax().x;
    const char* theme_label = s.settings.dark ? "Light theme" : "Dark theme";
    float w = ImGui::CalcTextSize(theme_label).x + ImGui::CalcTextSize(in ? "Sign out" : "Sign in").x + px(40);
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), right - w));
    if (ImGui::Button(theme_label)) toggle_theme(s);
    s.bridge.item("button:Theme");
    ImGui::SameLine();
    if (in) {
        if (button(s, "Sign out")) s.session.sign_out(s);
    } else if (s.nav.route != Route::Connect) {
        if (ImGui::Button("Sign in")) s.go(Nav{Route::Connect});
        s.bridge.item("nav:Sign in");
    }
    ImGui::Separator();
}

// Alt+1…Alt+9 open the views of the top bar (Alt+digit reaches no browser shortcut on any desktop).
void shortcuts(AppState& s) {
    const ImGuiIO& io = ImGui::GetIO();
    if (!io.KeyAlt || io.KeyCtrl || io.KeySuper) return;
    int i = 0;
    for (const ViewDef* v : all_views()) {
        if (v->group != NavGroup::Bar || i == 9) continue;
        if (ImGui::IsKeyPressed(static_cast<int>(ui_input::Key::Digit1) + i++, false)) open_view(s, v->route);
    }
}

// A view that shows account data, opened while signed out: say so and offer the way in.
void sign_in_needed(AppState& s) {
    const char* name = "This view";
    for (const ViewDef* v : all_views())
        if (v->group != NavGroup::None && nav_active(s, v->route)) name = v->nav_label;
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0);
    ImGui::Text("%s shows your Pinterest data, so it needs you to sign in first.", name);
    ImGui::TextDisabled("Choose a backend (Demo needs no account and no network) and sign in; you will come back "
                        "here afterwards.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    if (primary_button(s, "Choose a backend and sign in")) {
        s.wanted = s.nav;
        s.go(Nav{Route::Connect});
    }
}

void status_bar(AppState& s) {
    ImGui::Separator();
    const BackendDef* b = s.backend();
    std::string user = s.signed_in_user();
    size_t in_flight = s.client() ? s.client()->in_flight() + s.client()->queued() : 0;
    if (compact_layout()) {
        // A phone's width holds who and what is under way; the rest is in the Token and Console views.
        ImGui::Text("%s", user.empty() ? (s.signed_in() ? "signed in" : "signed out") : ("@" + user).c_str());
        ImGui::SameLine(0, px(12));
        ImGui::TextDisabled("%zu in flight", in_flight);
        ImGui::SameLine(0, px(12));
        ImGui::TextDisabled("%s", s.notices.status.c_str());
        return;
    }
    ImGui::TextDisabled("Pinlab %s", PINLAB_VERSION);
    ImGui::SameLine(0, px(16));
    ImGui::Text("%s", b ? b->label.c_str() : "no backend");
    ImGui::SameLine(0, px(16));
    ImGui::Text("%s", user.empty() ? (s.signed_in() ? "signed in" : "signed out") : ("@" + user).c_str());
    ImGui::SameLine(0, px(16));
    ImGui::Text("%zu in flight", in_flight);
    if (s.client()) {
        int64_t remaining = -1;
        std::string cat;
        double latest = -1;
        for (const auto& [name, rl] : s.client()->rate_limits())
            if (rl.remaining >= 0 && rl.updated_ms > latest) {
                latest = rl.updated_ms;
                remaining = rl.remaining;
                cat = name;
            }
        if (remaining >= 0) {
            ImGui::SameLine(0, px(16));
            ImGui::Text("rate limit %s: %lld left", cat.c_str(), static_cast<long long>(remaining));
        }
    }
    ImGui::SameLine(0, px(16));
    ImGui::TextDisabled("%s", s.notices.status.c_str());
}

void toasts(AppState& s) {
    if (s.notices.toasts.empty()) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - px(16), vp->WorkPos.y + vp->WorkSize.y - px(44)),
                            ImGuiCond_Always, ImVec2(1, 1));
    ImGui::SetNextWindowBgAlpha(0.95f);
    ImGui::Begin("##toasts", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoInputs |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoSavedSettings);
    for (const auto& t : s.notices.toasts) {
        if (t.error) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.45f, 1.0f), "%s", t.text.c_str());
        else ImGui::TextUnformatted(t.text.c_str());
    }
    ImGui::End();
}

// The error box of the view on screen. It belongs to the view it was first shown on (another view clears
// it) and sits below the view, above the status bar, so the page does not move when it comes or goes.
float error_banner_height(AppState& s) {
    Notices& n = s.notices;
    if (n.error.ok()) return 0;
    std::string here = s.view_open() ? to_hash(s.nav) : "#/connect";
    if (n.error_view.empty()) n.error_view = here;
    else if (n.error_view != here) n.clear_error();
    if (n.error.ok()) return 0;
    return error_box_height(n.error, ImGui::GetContentRegionAvail().x, true) + ImGui::GetStyle().ItemSpacing.y;
}

void error_banner(AppState& s) {
    if (s.notices.error.ok()) return;
    int clicked = error_box_ex(s, s.notices.error, static_cast<bool>(s.notices.retry), true);
    if (clicked == 0) return;
    auto r = clicked == 1 ? s.notices.retry : nullptr;
    s.notices.clear_error();
    if (r) r();
}

// A view of the second module: drawn once it has arrived; until then a line saying it is on its way, or why
// it could not be loaded and a Retry.
void draw_deferred(AppState& s, Route r) {
    Platform& p = s.platform;
    if (p.deferred_views() == Platform::Code::Idle) p.load_deferred_views();
    switch (p.deferred_views()) {
        case Platform::Code::Ready: return view_def(r).draw(s);
        case Platform::Code::Idle:
        case Platform::Code::Loading:
            ImGui::Spacing();
            spinner("Loading this view");
            s.bridge.item("status:Loading this view");
            return;
        case Platform::Code::Failed: {
            // The error box under the view, with Retry (once: it stays until Retry or another view clears it).
            ApiError e;
            e.kind = ErrorKind::Transport;
            e.message = "This view could not be loaded: " + p.deferred_views_error();
            e.hint = "Check the connection and retry; the rest of Pinlab keeps working.";
            if (s.notices.error.message != e.message) s.notices.set_error(e, [&p] { p.load_deferred_views(); });
            ImGui::Spacing();
            ImGui::TextDisabled("This view's code has not arrived.");
            return;
        }
    }
}

void content(AppState& s) {
    const Route r = s.nav.route;
    if (!s.view_open()) return sign_in_needed(s);
    if (is_deferred_view(r)) return draw_deferred(s, r);
    view_def(r).draw(s);
}
}  // namespace

void init(Platform& platform) {
    g_state = std::make_unique<AppState>(platform);
    g_drawn = false;
}

void set_scale(float scale) {
    apply_theme(g_state && !g_state->settings.dark ? Theme::Light : Theme::Dark, scale);
}

bool wants_frames() {
    // A deferred view's code on its way: its spinner turns if that view is open (not for a hover's prefetch).
    return g_state && (g_state->busy() || !g_state->notices.toasts.empty() ||
                       (g_state->platform.deferred_views() == Platform::Code::Loading &&
                        is_deferred_view(g_state->nav.route)));
}

bool first_useful_frame_drawn() { return g_drawn; }

AppState* state_for_tests() { return g_state.get(); }

void frame() {
    if (!g_state) return;
    AppState& s = *g_state;
    s.bridge.begin_frame();
    s.sync_location();
    s.poll();
    if (auto f = s.platform.take_picked_file()) {
        if (s.video.picking) {  // opened by the video pin view
            s.video.take(std::move(*f));
        } else {
            s.pins.create.file = std::move(f);
            s.pins.create.source = CreateForm::Source::File;
        }
    }
    const bool dark = current_theme() == Theme::Dark;
    if (dark != s.settings.dark) apply_palette(s.settings.dark ? Theme::Dark : Theme::Light);

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::Begin("Pinlab", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollbar |
                     ImGuiWindowFlags_NoScrollWithMouse);
    set_touch_targets(compact_layout() || ui_input::touch_used());
    shortcuts(s);
    top_bar(s);
    const float status_h = ImGui::GetTextLineHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y + px(4);
    // NavFlattened: the keyboard moves between the bar, the view and the status bar as one page
    // (otherwise the view is one item that Enter must first open).
    const float banner_h = error_banner_height(s);
    ImGui::BeginChild("##content", ImVec2(0, -(status_h + banner_h)), false, ImGuiWindowFlags_NavFlattened);
    ui_input::content_start();
    content(s);
    ImGui::EndChild();
    error_banner(s);
    // Its own child window: the DOM layer makes it a `status` region (semantics.cpp names it by "##status").
    ImGui::BeginChild("##status", ImVec2(0, 0), false,
                      ImGuiWindowFlags_NavFlattened | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    status_bar(s);
    ImGui::EndChild();
    ImGui::End();
    view_consent_dialog(s);
    toasts(s);

    s.images.update();
    // Keyboard focus moves are spoken (the canvas has no DOM for a screen reader to follow).
    const std::string& f = s.bridge.focused();
    if (f != g_focus_said) {
        g_focus_said = f;
        if (!f.empty()) s.platform.announce(spoken(f), false);
    }
    g_drawn = true;
}

void shutdown() { g_state.reset(); }

std::string bridge_json() { return g_state ? bridge_json(*g_state) : "{}"; }

std::string focused_label() {
    if (!g_state) return {};
    const std::string& f = g_state->bridge.active().empty() ? g_state->bridge.focused() : g_state->bridge.active();
    size_t c = f.find(':');
    return c == std::string::npos ? f : f.substr(c + 1);
}

}  // namespace pinlab::app
