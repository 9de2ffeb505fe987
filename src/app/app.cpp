// app.cpp — the app's init/frame/shutdown: the top navigation bar, the content area (one view per
// route), the error box, toasts, the status bar, and the per-frame order:
//   location (Back/Forward) -> client.pump() + state -> views (recording bridge rectangles) -> images.
#include "app/app.h"

#include <imgui.h>

#include <memory>

#include "app/platform.h"
#include "app/state.h"
#include "app/theme.h"
#include "app/views.h"
#include "app/widgets.h"

namespace pinlab::app {

namespace {
std::unique_ptr<AppState> g_state;
bool g_drawn = false;

void top_bar(AppState& s) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.90f, 0.0f, 0.14f, 1.0f));
    ImGui::TextUnformatted("Pinlab");
    ImGui::PopStyleColor();
    ImGui::SameLine(0, px(18));
    struct Item {
        const char* name;
        Route route;
    };
    static const Item items[] = {{"Profile", Route::Profile},     {"Boards", Route::Boards},   {"Pins", Route::Pins},
                                 {"Create", Route::Create},       {"Search", Route::Search},
                                 {"Analytics", Route::Analytics}, {"Console", Route::Console},
                                 {"Token", Route::Token}};
    const bool in = s.signed_in();
    ImGui::BeginDisabled(!in);
    for (const auto& it : items) {
        bool active = in && (s.nav.route == it.route ||
                             (it.route == Route::Boards && (s.nav.route == Route::Board || s.nav.route == Route::Pin)));
        if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
        if (ImGui::Button(it.name)) s.go(Nav{it.route});
        s.bridge.item(std::string("nav:") + it.name);
        if (active) ImGui::PopStyleColor();
        ImGui::SameLine();
    }
    ImGui::EndDisabled();
    float right = ImGui::GetWindowContentRegionMax().x;
    const char* theme_label = s.settings.dark ? "Light theme" : "Dark theme";
    float w = ImGui::CalcTextSize(theme_label).x + ImGui::CalcTextSize("Sign out").x + px(40);
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), right - w));
    if (ImGui::Button(theme_label)) {
        s.settings.dark = !s.settings.dark;
        apply_palette(s.settings.dark ? Theme::Dark : Theme::Light);
        s.save_settings();
    }
    s.bridge.item("button:Theme");
    if (in) {
        ImGui::SameLine();
        if (button(s, "Sign out")) s.sign_out();
    }
    ImGui::Separator();
}

void status_bar(AppState& s) {
    ImGui::Separator();
    const BackendDef* b = s.backend();
    std::string user = s.signed_in_user();
    size_t in_flight = s.client() ? s.client()->in_flight() + s.client()->queued() : 0;
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
    ImGui::TextDisabled("%s", s.status.c_str());
}

void toasts(AppState& s) {
    if (s.toasts.empty()) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - px(16), vp->WorkPos.y + vp->WorkSize.y - px(44)),
                            ImGuiCond_Always, ImVec2(1, 1));
    ImGui::SetNextWindowBgAlpha(0.95f);
    ImGui::Begin("##toasts", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoInputs |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoSavedSettings);
    for (const auto& t : s.toasts) {
        if (t.error) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.45f, 1.0f), "%s", t.text.c_str());
        else ImGui::TextUnformatted(t.text.c_str());
    }
    ImGui::End();
}

void content(AppState& s) {
    if (!s.error.ok()) {
        if (error_box(s, s.error, static_cast<bool>(s.retry))) {
            auto r = s.retry;
            s.clear_error();
            if (r) r();
        }
        if (!s.error.ok()) {
            if (button(s, "Dismiss")) s.clear_error();
        }
    }
    Route r = s.signed_in() ? s.nav.route : Route::Connect;
    switch (r) {
        case Route::Connect: view_connect(s); break;
        case Route::Profile: view_profile(s); break;
        case Route::Boards: view_boards(s); break;
        case Route::Board: view_board(s); break;
        case Route::Pin: view_pin(s); break;
        case Route::Create: view_create_pin(s); break;
        case Route::Search: view_search(s); break;
        case Route::Analytics: view_analytics(s); break;
        case Route::Console: view_console(s); break;
        case Route::Token: view_token(s); break;
        case Route::Pins: view_pins(s); break;
    }
}
}  // namespace

void init(Platform& platform) {
    g_state = std::make_unique<AppState>(platform);
    g_drawn = false;
}

void set_scale(float scale) {
    apply_theme(g_state && !g_state->settings.dark ? Theme::Light : Theme::Dark, scale);
}

bool wants_frames() { return g_state && (g_state->busy() || !g_state->toasts.empty()); }

bool first_useful_frame_drawn() { return g_drawn; }

AppState* state_for_tests() { return g_state.get(); }

void frame() {
    if (!g_state) return;
    AppState& s = *g_state;
    s.bridge.begin_frame();
    s.sync_location();
    s.poll();
    if (auto f = s.platform.take_picked_file()) {
        s.create.file = std::move(f);
        s.create.source = 1;
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
    top_bar(s);
    const float status_h = ImGui::GetFrameHeightWithSpacing() + px(4);
    ImGui::BeginChild("##content", ImVec2(0, -status_h), false);
    content(s);
    ImGui::EndChild();
    status_bar(s);
    ImGui::End();
    view_consent_dialog(s);
    toasts(s);

    s.images.update();
    g_drawn = true;
}

void shutdown() { g_state.reset(); }

std::string bridge_json() { return g_state ? bridge_json(*g_state) : "{}"; }

}  // namespace pinlab::app
