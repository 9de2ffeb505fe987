// analytics_view.cpp — account (or one pin's) metrics over a chosen date range as line charts
// drawn with ImDrawList (axes, labels, hover tooltip). Where analytics are not served (the
// sandbox, a missing scope), the view explains it instead of showing a raw error.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/state.h"
#include "app/views.h"
#include "app/ui/semantics.h"
#include "app/ui/widgets.h"

namespace pinlab::app {

namespace {

double nice_max(double v) {
    if (v <= 0) return 1;
    double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * p >= v) return m * p;
    return 10 * p;
}

void line_chart(AppState& s, const std::string& metric, const std::vector<DailyMetrics>& days, float height) {
    const float w = ImGui::GetContentRegionAvail().x;
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(("##chart" + metric).c_str(), ImVec2(w, height));
    s.bridge.item("chart:" + metric);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 axis = ImGui::GetColorU32(ImGuiCol_TextDisabled), grid = ImGui::GetColorU32(ImGuiCol_Border);
    const ImU32 line = ImGui::GetColorU32(ImGuiCol_PlotLines), text = ImGui::GetColorU32(ImGuiCol_Text);
    const float left = px(56), bottom = ImGui::GetTextLineHeight() + px(8), top = px(8), right = px(12);
    const ImVec2 a(p0.x + left, p0.y + top), b(p0.x + w - right, p0.y + height - bottom);
    std::vector<double> v;
    v.reserve(days.size());
    for (const auto& d : days) {
        auto it = d.metrics.find(metric);
        v.push_back(it == d.metrics.end() ? 0.0 : it->second);
    }
    double vmax = nice_max(v.empty() ? 1 : *std::max_element(v.begin(), v.end()));
    // Its text alternative, read by a screen reader: the range, the lowest and highest day, the total.
    if (!v.empty()) {
        const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
        double total = 0;
        for (double x : v) total += x;
        char alt[256];
        std::snprintf(alt, sizeof alt, "%s, %zu days from %s to %s: lowest %.0f, highest %.0f, total %.0f",
                      metric.c_str(), v.size(), days.front().date.c_str(), days.back().date.c_str(), *lo, *hi, total);
        semantics::describe_last(alt);
    }
    // Grid and y labels.
    for (int i = 0; i <= 4; ++i) {
        float y = b.y - (b.y - a.y) * i / 4.0f;
        dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), grid);
        char lab[32];
        std::snprintf(lab, sizeof lab, "%s", human_count(static_cast<int64_t>(vmax * i / 4)).c_str());
        ImVec2 ts = ImGui::CalcTextSize(lab);
        dl->AddText(ImVec2(a.x - ts.x - px(6), y - ts.y * 0.5f), axis, lab);
    }
    dl->AddLine(ImVec2(a.x, a.y), ImVec2(a.x, b.y), axis);
    dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, b.y), axis);
    if (v.empty()) {
        dl->AddText(ImVec2(a.x + px(10), a.y + px(10)), axis, "No data in this range");
        return;
    }
    auto X = [&](size_t i) { return v.size() == 1 ? (a.x + b.x) * 0.5f : a.x + (b.x - a.x) * i / (v.size() - 1.0f); };
    auto Y = [&](double x) { return b.y - static_cast<float>((b.y - a.y) * (x / vmax)); };
    std::vector<ImVec2> pts(v.size());
    for (size_t i = 0; i < v.size(); ++i) pts[i] = ImVec2(X(i), Y(v[i]));
    dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), line, 0, px(2));
    // X labels: first, middle, last date.
    for (size_t i : {size_t(0), v.size() / 2, v.size() - 1}) {
        const char* d = days[i].date.c_str();
        ImVec2 ts = ImGui::CalcTextSize(d);
        float x = std::clamp(X(i) - ts.x * 0.5f, a.x, b.x - ts.x);
        dl->AddText(ImVec2(x, b.y + px(4)), axis, d);
    }
    // Hover: nearest day.
    if (ImGui::IsItemHovered()) {
        float mx = ImGui::GetIO().MousePos.x;
        size_t best = 0;
        for (size_t i = 1; i < v.size(); ++i)
            if (std::fabs(X(i) - mx) < std::fabs(X(best) - mx)) best = i;
        dl->AddLine(ImVec2(X(best), a.y), ImVec2(X(best), b.y), axis);
        dl->AddCircleFilled(pts[best], px(4), line);
        ImGui::SetTooltip("%s\n%s: %.0f%s", days[best].date.c_str(), metric.c_str(), v[best],
                          days[best].data_status ? ("\n" + *days[best].data_status).c_str() : "");
    }
    (void)text;
}

}  // namespace

void view_analytics(AppState& s) {
    static const char* ranges[] = {"Last 7 days", "Last 30 days", "Last 90 days"};
    static const int range_days[] = {7, 30, 90};
    int r = s.analytics.days <= 7 ? 0 : s.analytics.days <= 30 ? 1 : 2;
    ImGui::SetNextItemWidth(px(160));
    if (ImGui::Combo("##range", &r, ranges, 3)) {
        s.analytics.days = range_days[r];
        s.analytics.load(s);
    }
    s.bridge.item("combo:Range");
    same_line_or_wrap(px(220));
    ImGui::SetNextItemWidth(std::min(px(220), ImGui::GetContentRegionAvail().x));
    ImGui::InputTextWithHint("##pinid", "Pin ID (empty = account)", &s.analytics.pin_id);
    s.bridge.item("input:Pin ID");
    same_line_or_wrap(ImGui::CalcTextSize("Load analytics").x + ImGui::GetStyle().FramePadding.x * 2);
    if (primary_button(s, "Load analytics")) s.analytics.load(s);
    ImGui::TextDisabled("%s", s.analytics.pin_id.empty() ? "Account analytics (GET /user_account/analytics)"
                                                         : "Pin analytics (GET /pins/{pin_id}/analytics)");
    const auto& call = s.analytics.call;
    if (!call) return;
    if (call->pending()) {
        spinner("loading analytics");
        return;
    }
    if (call->failed()) {
        // The API's own error and its hint (a mistyped pin ID is a 404, the sandbox's refusal says so).
        if (error_box(s, call->error, true)) s.analytics.load(s);
        return;
    }
    if (!call->value || call->value->groups.empty()) {
        ImGui::TextDisabled("No analytics returned.");
        return;
    }
    const AnalyticsGroup& g = call->value->groups.count("all") ? call->value->groups.at("all")
                                                               : call->value->groups.begin()->second;
    // Summary.
    if (!g.summary_metrics.empty() && ImGui::BeginTable("##summary", static_cast<int>(g.summary_metrics.size()),
                                                        ImGuiTableFlags_BordersInnerV)) {
        for (const auto& [k, v] : g.summary_metrics) {
            ImGui::TableNextColumn();
            large_text(human_count(static_cast<int64_t>(v)).c_str(), 1.25f);
            ImGui::TextDisabled("%s", k.c_str());
        }
        ImGui::EndTable();
    }
    ImGui::BeginChild("##charts", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);
    std::vector<std::string> metrics;
    for (const auto& d : g.daily_metrics)
        for (const auto& [k, v] : d.metrics)
            if (std::find(metrics.begin(), metrics.end(), k) == metrics.end()) metrics.push_back(k);
    for (const auto& m : metrics) {
        ImGui::TextUnformatted(m.c_str());
        line_chart(s, m, g.daily_metrics, px(170));
        ImGui::Spacing();
    }
    if (metrics.empty()) ImGui::TextDisabled("No daily metrics in this range.");
    ImGui::EndChild();
}

namespace deferred {  // the view's code arrives later (views.h)
void analytics_draw(AppState& s) { view_analytics(s); }
void analytics_enter(AppState& s) {
    if (!s.analytics.call) s.analytics.load(s);
}
void analytics_reset(AppState& s) { s.analytics.call.reset(); }
}  // namespace deferred

extern const ViewDef kAnalyticsView{Route::Analytics, "analytics", "Analytics", "Analytics", NavGroup::Bar,
                                    Route::Analytics, SignedOut::AsksToSignIn, true, &deferred::analytics_draw,
                                    &deferred::analytics_enter, nullptr, nullptr, &deferred::analytics_reset, nullptr};

}  // namespace pinlab::app
