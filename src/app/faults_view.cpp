// faults_view.cpp — the Faults panel: make the next calls to the emulator (Demo or Local) fail on purpose or
// slow down, switch Demo between production's and the sandbox's rules, and see what each fault did: the
// answer, the hint Pinlab gives for it, the client's wait and whether the call recovered.
#include <imgui.h>

#include <cstdio>

#include "app/state.h"
#include "app/ui/theme.h"
#include "app/views.h"
#include "app/ui/widgets.h"

namespace pinlab::app {

namespace {

void heading(const char* text) {
    ImGui::Spacing();
    large_text(text, 1.15f);
}

void rules(AppState& s) {
    heading("Rules");
    if (s.demo()) {
        if (ImGui::RadioButton("Production", !s.settings.demo_sandbox)) s.session.set_demo_sandbox(s, false);
        s.bridge.item("radio:Production rules");
        same_line_or_wrap(ImGui::CalcTextSize("Sandbox").x + px(40));
        if (ImGui::RadioButton("Sandbox", s.settings.demo_sandbox)) s.session.set_demo_sandbox(s, true);
        s.bridge.item("radio:Sandbox rules");
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled(s.settings.demo_sandbox
                                ? "As api-sandbox.pinterest.com: operations the sandbox disables (search, analytics, "
                                  "…) answer 401 code 2. Your Demo data and sign-in are kept."
                                : "As api.pinterest.com. Switch to the sandbox's rules to see what it refuses, without a "
                                  "server. Your Demo data and sign-in are kept.");
        ImGui::PopTextWrapPos();
        return;
    }
    const std::string& f = s.faults.flavor;
    ImGui::PushTextWrapPos(0);
    ImGui::TextWrapped("This pinlab-server applies %s rules (pinlab-server --flavor public|strict|sandbox).",
                       f.empty() ? "its own" : f == "public" ? "production's (public clients)" : (f + "'s").c_str());
    ImGui::PopTextWrapPos();
}

void one_shots(AppState& s) {
    Faults& f = s.faults;
    heading("Next call");
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("Each click arms one fault: it answers the next API call, in order. Sign-in and token "
                        "refresh are never hit.");
    ImGui::PopTextWrapPos();
    for (size_t i = 0; i < fault_kinds().size(); ++i) {
        const FaultKind& k = fault_kinds()[i];
        if (i > 0) same_line_or_wrap(ImGui::CalcTextSize(k.label).x + ImGui::GetStyle().FramePadding.x * 2);
        if (ImGui::Button(k.label)) f.arm(s, k.id);
        s.bridge.item(std::string("button:Fault ") + k.id);
        if (ImGui::IsItemHovered() && !compact_layout()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(px(360));
            ImGui::TextUnformatted(k.what);
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
    ImGui::Spacing();
    if (f.armed.empty()) {
        ImGui::TextDisabled("Nothing armed.");
    } else {
        std::string list;
        for (const auto& a : f.armed) list += (list.empty() ? "" : ", ") + a;
        ImGui::TextWrapped("Armed for the next %zu call%s: %s", f.armed.size(), f.armed.size() == 1 ? "" : "s",
                           list.c_str());
    }
}

void slow_down(AppState& s) {
    Faults& f = s.faults;
    heading("Slow down");
    struct Choice {
        const char* label;
        double ms;
    };
    static const Choice kChoices[] = {{"No delay", 0}, {"0.5 s", 500}, {"2 s", 2000}, {"5 s", 5000}};
    bool first = true;
    for (const auto& c : kChoices) {
        if (!first) same_line_or_wrap(ImGui::CalcTextSize(c.label).x + px(40));
        first = false;
        if (ImGui::RadioButton(c.label, f.latency_ms == c.ms) && f.latency_ms != c.ms) f.set_latency(s, c.ms);
        s.bridge.item(std::string("radio:Delay ") + c.label);
    }
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("Every API answer comes this much later, until you set No delay.");
    ImGui::PopTextWrapPos();
}

void happened(AppState& s) {
    Faults& f = s.faults;
    heading("What happened");
    std::vector<FaultOutcome> seen = f.outcomes(s);
    if (seen.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled(f.fired_total ? "%llu fault(s) fired, none on this page's calls since you opened the panel."
                                          : "No fault has fired yet. Arm one, then use the app (open Boards, Search, …).",
                            static_cast<unsigned long long>(f.fired_total));
        ImGui::PopTextWrapPos();
        return;
    }
    const ImVec4 good(0.35f, 0.80f, 0.45f, 1.0f), bad(1.0f, 0.45f, 0.45f, 1.0f);
    int n = 0;
    for (const auto& o : seen) {
        ImGui::PushID(n++);
        ImGui::Separator();
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(bad, "%s", o.fault.c_str());
        ImGui::SameLine();
        ImGui::TextWrapped("%s %s", o.method.c_str(), o.path.c_str());
        if (!o.hint.empty()) ImGui::TextWrapped("Hint: %s", o.hint.c_str());
        if (!o.retried) {
            ImGui::TextDisabled("Not sent again by the client: the error is shown to you.");
        } else if (o.then.empty()) {
            ImGui::TextDisabled("Sent again after %.1f s; waiting for the answer…", o.wait_ms / 1000.0);
        } else {
            ImGui::TextDisabled("Sent again after %.1f s:", o.wait_ms / 1000.0);
            ImGui::SameLine();
            ImGui::TextColored(o.recovered ? good : bad, "%s%s", o.then.c_str(), o.recovered ? " — recovered" : "");
        }
        ImGui::PopTextWrapPos();
        ImGui::PopID();
    }
}

}  // namespace

void view_faults(AppState& s) {
    Faults& f = s.faults;
    large_text("Faults on demand");
    ImGui::PushTextWrapPos(0);
    ImGui::TextWrapped("Make the emulator's next API calls fail on purpose, or slow them down, to see each error, "
                       "the hint Pinlab gives for it and how the client recovers. The API console shows every "
                       "attempt.");
    ImGui::PopTextWrapPos();
    if (!f.available(s)) {
        ImGui::Spacing();
        ImGui::PushTextWrapPos(0);
        ImGui::TextWrapped("%s", f.unavailable_reason(s).c_str());
        ImGui::PopTextWrapPos();
        return;
    }
    if (!f.error.empty()) {
        ImGui::Spacing();
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.45f, 1.0f));
        ImGui::PushTextWrapPos(0);
        ImGui::TextWrapped("%s", f.error.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        if (button(s, "Try again")) f.refresh(s);
    }
    rules(s);
    one_shots(s);
    slow_down(s);
    ImGui::Spacing();
    if (button(s, "Clear faults")) f.clear(s);
    happened(s);
}

namespace deferred {  // the view's code arrives later (views.h)
void faults_draw(AppState& s) { view_faults(s); }
void faults_enter(AppState& s) { s.faults.refresh(s); }
void faults_poll(AppState& s, bool late) {
    if (!late) s.faults.poll(s);
}
bool faults_busy(const AppState& s) { return s.faults.busy(); }
// Its control channel may lead to the emulator being replaced, and the log it reads goes.
void faults_reset(AppState& s) { s.faults.forget(); }
void faults_bridge(AppState& s, json& j) {
    json outcomes = json::array();
    for (const auto& o : s.faults.outcomes(s))
        outcomes.push_back({{"method", o.method}, {"path", o.path}, {"fault", o.fault}, {"hint", o.hint},
                            {"retried", o.retried}, {"wait_ms", o.wait_ms}, {"then", o.then}, {"recovered", o.recovered}});
    j["faults"]["outcomes"] = std::move(outcomes);
}
}  // namespace deferred

// Faults can be armed before signing in.
extern const ViewDef kFaultsView{Route::Faults, "faults", "Faults", "Faults", NavGroup::Bar, Route::Faults,
                                 SignedOut::Opens, true, &deferred::faults_draw, &deferred::faults_enter,
                                 &deferred::faults_poll, &deferred::faults_busy, &deferred::faults_reset,
                                 &deferred::faults_bridge};

}  // namespace pinlab::app
