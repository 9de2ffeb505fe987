// token_view.cpp — a token debugger like the developer portal's: environment, scopes, expiry,
// refresh, sign out; in Demo mode also "Reset demo data". The access token itself is never shown in full.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/state.h"
#include "app/views.h"
#include "app/ui/widgets.h"
#include "core/text.h"

namespace pinlab::app {

namespace {
std::string when(int64_t epoch_s, int64_t now_s) {
    if (epoch_s == 0) return "unknown";
    int64_t d = epoch_s - now_s;
    std::string date = days_to_ymd(epoch_s / 86400);
    char rel[64];
    if (d <= 0) std::snprintf(rel, sizeof rel, "expired");
    else if (d > 86400) std::snprintf(rel, sizeof rel, "in %lld days", static_cast<long long>(d / 86400));
    else std::snprintf(rel, sizeof rel, "in %lld min", static_cast<long long>(d / 60));
    return date + " (" + rel + ")";
}
// Add or drop scopes: tick what the next consent asks for, then sign in again and come back here. True when
// the sign-in started (the client, and `t` with it, is gone: the caller draws nothing more of it).
bool scope_editor(AppState& s, const Tokens& t) {
    ImGui::Spacing();
    const bool open = ImGui::CollapsingHeader("Change scopes");
    s.bridge.item("header:Change scopes");
    if (!open) return false;
    std::vector<std::string>& v = s.session.scope_choice;
    if (v.empty()) v = t.scopes;
    for (const auto& sc : all_scopes()) {
        bool on = std::find(v.begin(), v.end(), sc.name) != v.end();
        const bool granted = std::find(t.scopes.begin(), t.scopes.end(), sc.name) != t.scopes.end();
        std::string label = std::string(sc.name) + (on == granted ? "" : on ? "  (to add)" : "  (to drop)");
        if (ImGui::Checkbox(label.c_str(), &on)) {
            if (on) v.push_back(sc.name);
            else v.erase(std::remove(v.begin(), v.end(), sc.name), v.end());
        }
        s.bridge.item(std::string("token scope:") + sc.name);
    }
    const bool changed = [&] {
        std::vector<std::string> a = v, b = t.scopes;
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        return a != b;
    }();
    ImGui::BeginDisabled(!changed || v.empty());
    const bool go = primary_button(s, "Sign in again with these scopes");
    ImGui::EndDisabled();
    if (!go) return false;
    std::vector<std::string> chosen = v;
    v.clear();
    s.session.sign_in_with_scopes(s, chosen, "#/token");
    return true;
}

}  // namespace

void view_token(AppState& s) {
    const Client* c = s.client();
    if (!c || !c->auth().tokens()) {
        ImGui::TextDisabled("Not signed in.");
        return;
    }
    const Tokens& t = *c->auth().tokens();
    const int64_t now = c->now_epoch_s();
    large_text("Access token");
    if (ImGui::BeginTable("##token", 2, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
        auto row = [](const char* k, const std::string& v) {
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", k);
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", v.c_str());
        };
        std::string masked = t.access_token.size() > 12
                                 ? t.access_token.substr(0, 5) + "…" + t.access_token.substr(t.access_token.size() - 4)
                                 : "…";
        row("Token", masked + "  (" + std::to_string(t.access_token.size()) + " characters)");
        row("Environment", t.environment);
        const BackendDef* b = s.backend();
        row("Backend", b ? b->label : "?");
        row("API base", c->config().api_base);
        row("State", to_string(c->auth().state()));
        row("App ID", c->config().oauth.client_id);
        row("Expires", when(t.expires_at, now));
        row("Refresh token", t.refresh_token.empty() ? "none (cannot refresh)" : "present, " + when(t.refresh_expires_at, now));
        row("User", s.signed_in_user().empty() ? "?" : "@" + s.signed_in_user());
        ImGui::EndTable();
    }
    ImGui::Spacing();
    const BackendDef* backend = s.backend();
    const bool pasted = backend && backend->kind == BackendKind::Token;
    const ScopeEvidence& ev = c->scope_evidence();
    auto has = [](const std::vector<std::string>& v, const std::string& x) {
        return std::find(v.begin(), v.end(), x) != v.end();
    };
    ImGui::PushTextWrapPos(0);
    if (pasted) {
        // A pasted token comes without its scopes: these are what the person ticked, not what Pinterest granted.
        ImGui::Text("Declared scopes (%zu): the ones you ticked, not read from the token", t.scopes.size());
        s.bridge.item("text:Declared scopes");
    } else {
        ImGui::Text("Scopes (%zu)", t.scopes.size());
    }
    for (const auto& sc : t.scopes) {  // Bullet + wrapped text: BulletText() does not wrap on a phone
        ImGui::Bullet();
        const char* seen = has(ev.confirmed, sc) ? "  [confirmed by the API]"
                           : has(ev.missing, sc) ? "  [refused by the API: the token lacks it]"
                                                 : "";
        ImGui::Text("%s — %s%s", sc.c_str(), scope_label(sc), seen);
    }
    // What the API's answers showed beyond the list above.
    std::vector<std::string> extra_confirmed, extra_missing;
    for (const auto& sc : ev.confirmed)
        if (!has(t.scopes, sc)) extra_confirmed.push_back(sc);
    for (const auto& sc : ev.missing)
        if (!has(t.scopes, sc)) extra_missing.push_back(sc);
    if (!extra_confirmed.empty()) {
        ImGui::Text("Also granted (calls that needed them succeeded): %s", join(extra_confirmed, ", ").c_str());
        s.bridge.item("text:Also granted");
    }
    if (!extra_missing.empty()) ImGui::Text("Also missing: %s", join(extra_missing, ", ").c_str());
    for (const auto& u : ev.unclear) ImGui::Text("Missing one of: %s (a call needing them was refused)", u.c_str());
    if (!ev.missing.empty()) {
        ImGui::TextColored(ImVec4(1.0f, 0.6f, 0.3f, 1.0f), "Missing (the API refused a call for it): %s",
                           join(ev.missing, ", ").c_str());
        s.bridge.item("text:Missing scopes");
    }
    if (pasted && ev.confirmed.empty() && ev.missing.empty() && ev.unclear.empty())
        ImGui::TextDisabled("Nothing learnt yet: each call that succeeds confirms the scopes it needs, and a refusal "
                            "for missing scopes shows which one is missing.");
    ImGui::PopTextWrapPos();
    if (!pasted && backend && scope_editor(s, t)) return;
    ImGui::Spacing();
    ImGui::BeginDisabled(!t.can_refresh(now));
    if (button(s, "Refresh token")) s.session.refresh_token(s);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (button(s, "Sign out##token")) {
        s.session.sign_out(s);
        return;  // `c` was the signed-out client: the state has a new one now
    }
    if (s.demo()) {  // the Demo data is kept for this tab across reloads: here is the way back to the seed
        ImGui::SameLine();
        if (button(s, "Reset demo data")) ImGui::OpenPopup("Reset demo data?");
        if (confirm_dialog(s, "Reset demo data?",
                           "Delete every board, section and pin you created or changed in Demo mode in this tab, "
                           "start again from the original demo data, and sign out?",
                           "Reset and sign out") == 1) {
            s.session.reset_demo(s);
            return;
        }
    }
    if (!c->auth().last_error().ok()) error_box(s, c->auth().last_error(), false);
}

namespace deferred {  // the view's code arrives later (views.h)
void token_draw(AppState& s) { view_token(s); }
}  // namespace deferred

extern const ViewDef kTokenView{Route::Token, "token", "Token", "Token", NavGroup::Bar, Route::Token,
                                SignedOut::AsksToSignIn, true, &deferred::token_draw, nullptr, nullptr, nullptr,
                                nullptr, nullptr};

}  // namespace pinlab::app
