// connect_view.cpp — choose a backend and sign in: App ID, redirect URI, scopes (with the spec's
// descriptions), "Remember me", a pasted token; plus Demo mode's in-app OAuth consent dialog.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "app/state.h"
#include "app/ui/theme.h"
#include "app/views.h"
#include "app/ui/widgets.h"

namespace pinlab::app {

namespace {
void scope_checkboxes(AppState& s) {
    ImGui::TextUnformatted("Scopes");
    ImGui::SameLine();
    ImGui::TextDisabled("(what the app asks permission for)");
    if (ImGui::BeginTable("##scopes", compact_layout() ? 1 : 2, ImGuiTableFlags_SizingStretchSame)) {
        for (const auto& sc : all_scopes()) {
            ImGui::TableNextColumn();
            auto& v = s.settings.scopes;
            bool on = std::find(v.begin(), v.end(), sc.name) != v.end();
            if (ImGui::Checkbox(sc.name, &on)) {
                if (on) v.push_back(sc.name);
                else v.erase(std::remove(v.begin(), v.end(), sc.name), v.end());
                s.save_settings();
            }
            s.bridge.item(std::string("scope:") + sc.name);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", sc.description);
            ImGui::SameLine();
            ImGui::PushTextWrapPos(0);
            ImGui::TextDisabled("%s", sc.description);
            ImGui::PopTextWrapPos();
        }
        ImGui::EndTable();
    }
}
}  // namespace

void view_connect(AppState& s) {
    ImGui::BeginChild("##connect", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);
    const float field_w = std::min(px(360), ImGui::GetContentRegionAvail().x);
    bool submit = false;  // Enter in a field of the form signs in
    large_text("Connect to the Pinterest API", 1.35f);
    ImGui::TextDisabled("Pick where your requests go. Every request shows up in the API console.");
    if (!s.config.warning.empty()) ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.3f, 1.0f), "%s", s.config.warning.c_str());
    ImGui::Spacing();

    for (const auto& b : s.config.backends) {
        bool sel = s.settings.backend_id == b.id;
        ImGui::BeginDisabled(!b.enabled);
        if (ImGui::RadioButton(b.label.c_str(), sel) && !sel) s.session.select_backend(s, b.id);
        s.bridge.item("backend:" + b.id);
        ImGui::EndDisabled();
        if (!b.description.empty()) {
            // Beside the choice where it fits; under it, wrapped, on a phone.
            if (compact_layout()) ImGui::Indent(ImGui::GetFrameHeight());
            else ImGui::SameLine();
            ImGui::PushTextWrapPos(0);
            ImGui::TextDisabled(compact_layout() ? "%s" : "— %s", b.description.c_str());
            ImGui::PopTextWrapPos();
            if (compact_layout()) ImGui::Unindent(ImGui::GetFrameHeight());
        }
        if (!b.enabled) {
            ImGui::Indent(px(28));
            ImGui::PushTextWrapPos(0);
            ImGui::TextDisabled("Unavailable: %s", b.disabled_reason.c_str());
            ImGui::PopTextWrapPos();
            ImGui::Unindent(px(28));
        }
    }
    ImGui::Separator();
    const BackendDef* b = s.backend();
    if (!b) {
        ImGui::EndChild();
        return;
    }
    const bool busy = (s.session.signin_call && s.session.signin_call->pending()) || s.session.consent_open;
    if (b->kind == BackendKind::Token) {
        ImGui::TextWrapped("Paste an access token generated in Pinterest's developer portal (My apps → your app → "
                           "Generate token). It is kept for this tab only (sessionStorage, gone when the tab closes) "
                           "unless you tick \"Remember me\" (then localStorage, until you sign out).");
        const char* envs[] = {"Sandbox (api-sandbox.pinterest.com)", "Production (api.pinterest.com)"};
        int env = s.settings.token_production ? 1 : 0;
        ImGui::TextUnformatted("Environment");
        ImGui::SetNextItemWidth(field_w);
        if (ImGui::Combo("##env", &env, envs, 2)) {
            s.settings.token_production = env == 1;
            s.save_settings();
        }
        s.bridge.item("combo:Environment");
        if (!b->api_base.empty()) {  // config.json's own API base (a proxy): say where the token will go
            ImGui::PushTextWrapPos(0);
            ImGui::TextDisabled("Calls go to %s (api_base in config.json).", b->api_base.c_str());
            ImGui::PopTextWrapPos();
        }
        input(s, "Access token", s.session.pasted_token, ImGuiInputTextFlags_Password, "pina_…");
        const bool token_entered = submitted_with_enter();
        if (ImGui::Checkbox("Remember me on this device", &s.settings.remember)) s.save_settings();
        s.bridge.item("check:Remember me");
        if (primary_button(s, "Use token") || (token_entered && !s.session.pasted_token.empty())) s.session.use_pasted_token(s, s.session.pasted_token);
        ImGui::Spacing();
        ImGui::TextDisabled("Tick the scopes the token was generated with (shown in the token panel).");
        scope_checkboxes(s);
    } else {
        if (b->kind == BackendKind::Broker) {
            // No broker status endpoint exists, so the page cannot tell whether one is running: say what it needs.
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted("Signs in through pinlab-server's token broker: the page keeps its code + "
                                   "PKCE flow, the server keeps the Pinterest app secret and forwards API calls "
                                   "(proxy/v5).");
            ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.3f, 1.0f), "%s",
                               "Works only when this page is served by pinlab-server started with "
                               "--pinterest-app-id ID --pinterest-secret-file FILE (and --pinterest-upstream "
                               "https://api-sandbox.pinterest.com for the sandbox). Otherwise sign-in fails with "
                               "HTTP 404. The Pinterest app must list <this origin>/broker/callback as a "
                               "redirect URI.");
            ImGui::PopTextWrapPos();
        } else {
            ImGui::TextUnformatted("App ID");
            ImGui::SetNextItemWidth(field_w);
            std::string app = s.session.app_id(s);
            if (ImGui::InputText("##appid", &app)) {
                s.settings.app_id = app;
                s.save_settings();
            }
            submit = submit || submitted_with_enter();
            s.bridge.item("input:App ID");
        }
        ImGui::TextUnformatted("Redirect URI");
        ImGui::SetNextItemWidth(-1);
        std::string redirect = s.session.redirect_uri(s);
        if (ImGui::InputText("##redirect", &redirect)) {
            s.settings.redirect_uri = redirect;
            s.save_settings();
        }
        submit = submit || submitted_with_enter();
        s.bridge.item("input:Redirect URI");
        ImGui::TextDisabled("Must match a redirect URI registered for the app (default: this page).");
        if (b->kind != BackendKind::Demo) {
            if (ImGui::Checkbox("Remember me on this device", &s.settings.remember)) s.save_settings();
            s.bridge.item("check:Remember me");
        }
        ImGui::Spacing();
        ImGui::BeginDisabled(busy || !b->enabled || s.settings.scopes.empty());
        if (primary_button(s, "Sign in") || (submit && !busy && b->enabled && !s.settings.scopes.empty())) s.session.begin_sign_in(s);
        ImGui::EndDisabled();
        if (s.settings.scopes.empty()) {
            ImGui::SameLine();
            ImGui::TextDisabled("Choose at least one scope.");
        }
        if (busy) {
            ImGui::SameLine();
            spinner(s.session.consent_open ? "waiting for consent" : "exchanging the code for a token");
        }
        if (b->kind == BackendKind::Demo)
            ImGui::TextDisabled("Demo runs the real OAuth code + PKCE flow against the emulator inside this page.");
        ImGui::Spacing();
        scope_checkboxes(s);
    }
    ImGui::EndChild();
}

void view_consent_dialog(AppState& s) {
    const char* id = "Give access##consent";
    if (s.session.consent_open && !ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
    dialog_placement(520);
    if (!ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize))
        return;
    if (!s.session.consent_open) {
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    ImGui::PushTextWrapPos(0);
    ImGui::Text("Give %s access to your Pinterest account", "Pinlab");
    ImGui::TextDisabled("App ID: %s · the in-page emulator", s.session.app_id(s).c_str());
    ImGui::Spacing();
    // Which of the emulator's accounts grants it (each sees only its own boards and pins).
    const auto& accounts = demo_accounts();
    size_t& pick = s.session.consent_account;
    if (pick >= accounts.size()) pick = 0;
    auto account_label = [](const DemoAccount& a) { return std::string(a.username) + " (" + a.type + ")"; };
    ImGui::TextUnformatted("Account");
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, px(320)));
    if (ImGui::BeginCombo("##account", account_label(accounts[pick]).c_str())) {
        for (size_t i = 0; i < accounts.size(); ++i) {
            if (ImGui::Selectable(account_label(accounts[i]).c_str(), i == pick)) pick = i;
            s.bridge.item(std::string("account option:") + accounts[i].username);
        }
        ImGui::EndCombo();
    }
    s.bridge.item("combo:Account");
    ImGui::TextDisabled("%s", accounts[pick].about);
    ImGui::Spacing();
    ImGui::TextUnformatted("Pinlab would like to:");
    for (const auto& sc : s.session.consent_scopes) ImGui::BulletText("%s — %s", sc.c_str(), scope_label(sc));
    ImGui::Spacing();
    ImGui::TextDisabled("Allow posts this consent to the emulator's /oauth/; its redirect carries the code that "
                        "Pinlab exchanges with its PKCE verifier.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    if (primary_button(s, "Allow")) {
        s.session.consent_decision(s, true);
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (button(s, "Deny") || escape_pressed()) {
        s.session.consent_decision(s, false);
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

extern const ViewDef kConnectView{Route::Connect, "connect", "Connect", nullptr, NavGroup::None, Route::Connect,
                                  SignedOut::Opens, false, &view_connect, nullptr, nullptr, nullptr, nullptr, nullptr};

}  // namespace pinlab::app
