// console_view.cpp — the API console: every request from client.log() in a table (method, path,
// status, time, size, rate-limit category), a detail pane (headers, the bodies as trees whose values copy
// themselves or their JSON path), copy as curl,
// a meter of the remaining rate limit per category, and a raw request composer (send_raw).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

#include "app/state.h"
#include "app/ui/theme.h"
#include "app/views.h"
#include "app/ui/value_menu.h"
#include "app/ui/widgets.h"
#include "core/url.h"

namespace pinlab::app {

namespace {
constexpr size_t kTextShown = 20000;  // a body that is not JSON: its first characters

// A body as a tree of values (a click on one copies it or its JSON path), or as text when it is not JSON.
void body(AppState& s, const std::string& raw, const std::optional<json>& doc, const char* kind) {
    if (doc) {
        ImGui::PushID(kind);
        json_tree(s, *doc, kind, [&](const std::string& pointer, const std::string&) {
            request_value_menu(s.console.values, *doc, pointer);
        });
        ImGui::PopID();
    } else {
        if (raw.empty()) ImGui::TextUnformatted("(empty)");
        else ImGui::TextUnformatted(raw.data(), raw.data() + std::min(raw.size(), kTextShown));
    }
}

std::string path_of(const std::string& url) {
    auto u = parse_url(url);
    if (!u) return url;
    return u->path + (u->query.empty() ? "" : "?" + u->query);
}

void headers(const Headers& h) {
    for (const auto& [k, v] : h.items) ImGui::TextWrapped("%s: %s", k.c_str(), v.c_str());
    if (h.items.empty()) ImGui::TextDisabled("(none)");
}

ImVec4 status_color(int st) {
    if (st == 0) return ImVec4(0.9f, 0.6f, 0.2f, 1);
    if (st < 300) return ImVec4(0.35f, 0.8f, 0.45f, 1);
    if (st < 400) return ImVec4(0.5f, 0.7f, 1.0f, 1);
    return ImVec4(1.0f, 0.42f, 0.42f, 1);
}

void rate_meters(AppState& s) {
    const auto& rl = s.client()->rate_limits();
    if (rl.empty()) {
        ImGui::TextDisabled("Rate limits: none reported yet");
        return;
    }
    ImGui::TextUnformatted("Rate limit remaining");
    for (const auto& [cat, st] : rl) {
        float frac = st.limit > 0 && st.remaining >= 0 ? static_cast<float>(st.remaining) / st.limit : 0.0f;
        char over[96];
        std::snprintf(over, sizeof over, "%s  %lld / %lld%s", cat.c_str(), static_cast<long long>(st.remaining),
                      static_cast<long long>(st.limit), st.held ? "  (holding requests)" : "");
        ImGui::ProgressBar(frac, ImVec2(std::min(px(320), ImGui::GetContentRegionAvail().x), 0), over);
    }
}
}  // namespace

void view_console(AppState& s) {
    const Client* c = s.client();
    if (!c) return;
    const auto& entries = c->log().entries();
    rate_meters(s);
    same_line_or_wrap(ImGui::CalcTextSize("Clear log").x + ImGui::GetStyle().FramePadding.x * 2 + px(24));
    if (button(s, "Clear log")) s.console.clear_log(s);
    // Raw composer.
    if (ImGui::CollapsingHeader("Raw request")) {
        static const char* methods[] = {"GET", "POST", "PATCH", "PUT", "DELETE"};
        int m = 0;
        for (int i = 0; i < 5; ++i)
            if (s.console.raw_method == methods[i]) m = i;
        ImGui::SetNextItemWidth(px(110));
        if (ImGui::Combo("##method", &m, methods, 5)) s.console.raw_method = methods[m];
        s.bridge.item("input:Raw method");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(px(420));
        ImGui::InputTextWithHint("##path", "/boards?page_size=5", &s.console.raw_path);
        s.bridge.item("input:Raw path");
        ImGui::SameLine();
        if (primary_button(s, "Send")) s.console.send_raw(s);
        if (s.console.raw_method != "GET" && s.console.raw_method != "DELETE") {
            ImGui::InputTextMultiline("##body", &s.console.raw_body, ImVec2(-1, ImGui::GetTextLineHeight() * 5));
            s.bridge.item("input:Raw body");
        }
        ImGui::TextDisabled("Paths are relative to %s; the token is added for you.", c->config().api_base.c_str());
    }
    const float avail = ImGui::GetContentRegionAvail().x;
    // On a phone the log and the selected request stack (45% of the height for the log).
    const bool stacked = compact_layout();
    const ImVec2 log_size = stacked ? ImVec2(0, std::max(px(180), ImGui::GetContentRegionAvail().y * 0.45f))
                                    : ImVec2(avail * 0.55f, 0);
    ImGui::BeginChild("##log", log_size, true, ImGuiWindowFlags_NavFlattened);
    ImGui::Text("%zu requests", entries.size());
    const ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV |
                               ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Resizable;
    // A narrow log (a phone) keeps method, path and status; the rest is in the selected request's details.
    const bool narrow = ImGui::GetContentRegionAvail().x < px(560);
    if (ImGui::BeginTable(narrow ? "##requests_narrow" : "##requests", narrow ? 3 : 7, tf)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        // Fixed widths for everything but the path, so no cell's text (a long transport error, say) can
        // squeeze the path: long cells end in "…" with the whole text in a tooltip.
        const float digit = ImGui::CalcTextSize("0").x;
        const ImGuiTableColumnFlags fixed = ImGuiTableColumnFlags_WidthFixed;
        ImGui::TableSetupColumn("Method", fixed, digit * 7);
        ImGui::TableSetupColumn("Path", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Status", fixed, digit * 8);
        if (!narrow) {
            ImGui::TableSetupColumn("ms", fixed, digit * 5);
            ImGui::TableSetupColumn("Size", fixed, digit * 7);
            ImGui::TableSetupColumn("Category", fixed, digit * 11);
            ImGui::TableSetupColumn("Try", fixed, digit * 3);
        }
        ImGui::TableHeadersRow();
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(entries.size()));
        while (clip.Step()) {
            for (int row = clip.DisplayStart; row < clip.DisplayEnd; ++row) {
                const LogEntry& e = entries[entries.size() - 1 - static_cast<size_t>(row)];  // newest first
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushID(static_cast<int>(e.id));
                if (ImGui::Selectable(e.method.c_str(), s.console.selected == e.id,
                                      ImGuiSelectableFlags_SpanAllColumns))
                    s.console.selected = e.id;
                s.bridge.item("console:row:" + std::to_string(e.id));
                ImGui::PopID();
                ImGui::TableNextColumn();
                text_ellipsized(path_of(e.url), ImGui::GetContentRegionAvail().x);
                ImGui::TableNextColumn();
                if (!e.done) {
                    ImGui::TextDisabled("…");
                } else if (e.status) {
                    ImGui::TextColored(status_color(e.status), "%d", e.status);
                } else {
                    ImGui::PushStyleColor(ImGuiCol_Text, status_color(0));
                    text_ellipsized(e.error.empty() ? "error" : e.error, ImGui::GetContentRegionAvail().x);
                    ImGui::PopStyleColor();
                }
                if (narrow) continue;
                ImGui::TableNextColumn();
                ImGui::Text("%.0f", e.duration_ms);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(human_bytes(e.response_bytes).c_str());
                ImGui::TableNextColumn();
                text_ellipsized(e.ratelimit_category, ImGui::GetContentRegionAvail().x);
                ImGui::TableNextColumn();
                ImGui::Text("%d", e.attempt);
            }
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
    if (!stacked) ImGui::SameLine();
    ImGui::BeginChild("##detail", ImVec2(0, 0), true, ImGuiWindowFlags_NavFlattened);
    const LogEntry* e = s.console.selected ? c->log().find(s.console.selected) : nullptr;
    if (!e) {
        ImGui::TextDisabled("Select a request to see its headers and body.");
    } else {
        auto& pb = s.console.pretty;
        if (pb.id != e->id || pb.done != e->done) {  // another entry, or its response has arrived
            pb = {e->id, e->done, json_parse(e->request_body), json_parse(e->response_body)};
        }
        ImGui::TextWrapped("%s %s", e->method.c_str(), e->url.c_str());
        ImGui::TextDisabled("%s · HTTP %d · %.0f ms · %s sent · %s received", e->operation.c_str(), e->status,
                            e->duration_ms, human_bytes(e->request_bytes).c_str(),
                            human_bytes(e->response_bytes).c_str());
        if (!e->ratelimit_category.empty())
            ImGui::TextDisabled("rate limit %s: %s of %s left, reset %s", e->ratelimit_category.c_str(),
                                e->ratelimit_remaining.c_str(), e->ratelimit_limit.c_str(),
                                e->ratelimit_reset.c_str());
        if (button(s, "Copy as curl")) {
            // Demo's calls are origin-relative (the emulator is in the page): give them Pinterest's host so the
            // command runs against the real API as it is.
            const bool relative = !e->url.empty() && e->url[0] == '/';
            s.platform.set_clipboard(to_curl(*e, relative ? kPinterestApiOrigin : std::string_view()));
            s.notices.toast(relative ? "Copied a curl command for api.pinterest.com (secrets redacted)"
                                     : "Copied a curl command (secrets redacted)");
        }
        if (ImGui::CollapsingHeader("Request headers", ImGuiTreeNodeFlags_DefaultOpen)) headers(e->request_headers);
        if (!e->request_body.empty() && ImGui::CollapsingHeader("Request body", ImGuiTreeNodeFlags_DefaultOpen))
            body(s, e->request_body, pb.request, "request");
        if (ImGui::CollapsingHeader("Response headers", ImGuiTreeNodeFlags_DefaultOpen)) headers(e->response_headers);
        if (ImGui::CollapsingHeader("Response body", ImGuiTreeNodeFlags_DefaultOpen)) {
            if (!e->error.empty()) ImGui::TextColored(status_color(0), "%s", e->error.c_str());
            body(s, e->response_body, pb.response, "response");
        }
        value_menu(s, s.console.values, "##console-value");
    }
    ImGui::EndChild();
}

namespace deferred {  // the view's code arrives later (views.h)
void console_draw(AppState& s) { view_console(s); }
void console_reset(AppState& s) { s.console.raw_call.reset(); }
}  // namespace deferred

// Open once a client exists: the console shows the sign-in's own calls.
extern const ViewDef kConsoleView{Route::Console, "console", "API console", "Console", NavGroup::Bar, Route::Console,
                                  SignedOut::OpensWithClient, true, &deferred::console_draw, nullptr, nullptr, nullptr,
                                  &deferred::console_reset, nullptr};

}  // namespace pinlab::app
