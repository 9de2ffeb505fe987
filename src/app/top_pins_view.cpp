// top_pins_view.cpp — top pins or top video pins by a metric over a range, as a table with a tick per
// row; "Compare selected" asks multi-pin analytics for the ticked pins and shows them side by side.
#include <imgui.h>

#include <cstdio>

#include "app/state.h"
#include "app/views.h"
#include "app/ui/widgets.h"

namespace pinlab::app {

namespace {

std::string metric_text(const std::string& name, double v) {
    char buf[48];
    if (name.size() > 5 && name.compare(name.size() - 5, 5, "_RATE") == 0) std::snprintf(buf, sizeof buf, "%.2f%%", v * 100);
    else if (name.find("WATCH_TIME") != std::string::npos) std::snprintf(buf, sizeof buf, "%.1f s", v / 1000);
    else return human_count(static_cast<int64_t>(v));
    return buf;
}

// A pin's title (cut to `max_chars` characters), else its id while the title loads or when it has none.
std::string pin_name(const TopPins& t, const std::string& id, size_t max_chars) {
    const Pin* p = t.detail(id);
    std::string name = p && p->title && !p->title->empty() ? *p->title : id;
    size_t chars = 0, i = 0;
    for (; i < name.size(); ++i) {
        if ((static_cast<unsigned char>(name[i]) & 0xC0) != 0x80 && ++chars > max_chars) break;
    }
    if (i < name.size()) name = name.substr(0, i) + "…";
    return name + "###" + id;  // the same column or row whatever the name shown
}

// An error the user can act on: the real message and hint (the sandbox, a scope, a bad range).
void failure(AppState& s, const ApiError& e) { error_box(s, e, false); }

void comparison(AppState& s) {
    TopPins& t = s.top_pins;
    const auto& call = t.compare_call;
    if (!call) return;
    ImGui::Spacing();
    ImGui::TextUnformatted("Side by side (GET /pins/analytics)");
    if (call->pending()) return spinner("comparing…");
    if (call->failed()) return failure(s, call->error);
    if (!call->value) return;
    const auto& metrics = TopPins::compare_metrics(t.video);
    const int cols = 1 + static_cast<int>(t.compared.size());
    if (!ImGui::BeginTable("##compare", cols, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollX))
        return;
    ImGui::TableSetupColumn("Metric", ImGuiTableColumnFlags_WidthFixed, px(150));
    for (const auto& id : t.compared) ImGui::TableSetupColumn(pin_name(t, id, 24).c_str());
    ImGui::TableHeadersRow();
    for (const auto& m : metrics) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(m.c_str());
        for (const auto& id : t.compared) {
            ImGui::TableNextColumn();
            auto p = call->value->pins.find(id);
            const AnalyticsResponse* r = p == call->value->pins.end() ? nullptr : &p->second;
            auto g = r ? r->groups.find("all") : std::map<std::string, AnalyticsGroup>::const_iterator();
            if (!r || g == r->groups.end()) {
                ImGui::TextDisabled("—");
                continue;
            }
            auto v = g->second.summary_metrics.find(m);
            if (v == g->second.summary_metrics.end()) ImGui::TextDisabled("—");
            else ImGui::TextUnformatted(metric_text(m, v->second).c_str());
        }
    }
    ImGui::EndTable();
    s.bridge.item("table:Comparison");
}

}  // namespace

void view_top_pins(AppState& s) {
    TopPins& t = s.top_pins;
    large_text(t.video ? "Top video pins" : "Top pins");
    if (ImGui::RadioButton("Pins", !t.video) && t.video) {
        t.video = false;
        t.sort = 0;
        t.load(s);
    }
    s.bridge.item("radio:Pins");
    ImGui::SameLine();
    if (ImGui::RadioButton("Video pins", t.video) && !t.video) {
        t.video = true;
        t.sort = 0;
        t.load(s);
    }
    s.bridge.item("radio:Video pins");
    const auto& sorts = TopPins::sorts(t.video);
    ImGui::SetNextItemWidth(std::min(px(240), ImGui::GetContentRegionAvail().x));
    if (ImGui::Combo("##sort", &t.sort, sorts.data(), static_cast<int>(sorts.size()))) t.load(s);
    s.bridge.item("combo:Sort by");
    static const char* ranges[] = {"Last 7 days", "Last 30 days", "Last 90 days"};
    static const int range_days[] = {7, 30, 90};
    int r = t.days <= 7 ? 0 : t.days <= 30 ? 1 : 2;
    same_line_or_wrap(px(170));
    ImGui::SetNextItemWidth(px(160));
    if (ImGui::Combo("##toprange", &r, ranges, 3)) {
        t.days = range_days[r];
        t.load(s);
    }
    s.bridge.item("combo:Range");
    ImGui::TextDisabled("%s", t.video ? "GET /user_account/analytics/top_video_pins" : "GET /user_account/analytics/top_pins");
    const auto& call = t.call;
    if (!call) return;
    if (call->pending()) return spinner("loading top pins…");
    if (call->failed()) return failure(s, call->error);
    if (!call->value || call->value->pins.empty()) {
        ImGui::TextWrapped("%s", t.video ? "No video pins in this range. Make one from a video file (More → Video pin)."
                                         : "No pins in this range.");
        return;
    }
    const auto& pins = call->value->pins;
    ImGui::BeginDisabled(t.selected.empty() || (t.compare_call && t.compare_call->pending()));
    char label[64];
    std::snprintf(label, sizeof label, "Compare selected (%zu)###compare", t.selected.size());
    if (primary_button(s, label)) t.compare(s);
    ImGui::EndDisabled();
    same_line_or_wrap(ImGui::CalcTextSize("Tick pins to see their analytics side by side").x);
    ImGui::TextDisabled("Tick pins to see their analytics side by side");
    ImGui::BeginChild("##toplist", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);
    comparison(s);
    const std::string sort_by = sorts[t.sort];
    const bool narrow = ImGui::GetContentRegionAvail().x < px(560);
    if (ImGui::BeginTable("##top", narrow ? 3 : 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFrameHeight() + px(4));
        ImGui::TableSetupColumn("Pin");
        ImGui::TableSetupColumn(sort_by.c_str());
        if (!narrow) ImGui::TableSetupColumn("Other metrics");
        ImGui::TableHeadersRow();
        int rank = 0;
        for (const auto& p : pins) {
            ++rank;
            ImGui::PushID(p.pin_id.c_str());
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            bool on = t.selected.count(p.pin_id) > 0;
            if (ImGui::Checkbox("##pick", &on)) {
                if (on) t.selected.insert(p.pin_id);
                else t.selected.erase(p.pin_id);
            }
            s.bridge.item("select:" + p.pin_id);
            ImGui::TableNextColumn();
            // The pin's thumbnail and title (the id while they load, and on hover; right-click copies it).
            const Pin* d = t.detail(p.pin_id);
            const float thumb = ImGui::GetFrameHeight() * 1.6f;
            const ImVec2 at = ImGui::GetCursorScreenPos();
            std::string url = d ? pin_image_url(*d, "150x150", static_cast<int>(thumb)) : "";
            image_cover(s, url, at, ImVec2(at.x + thumb, at.y + thumb), IM_COL32(128, 128, 128, 60), px(4));
            ImGui::SetCursorScreenPos(ImVec2(at.x + thumb + px(8), at.y + (thumb - ImGui::GetTextLineHeight()) * 0.5f));
            std::string name = std::to_string(rank) + ". " + pin_name(t, p.pin_id, narrow ? 28 : 60);
            if (ImGui::Selectable(name.c_str(), false, 0, ImVec2(0, 0))) s.go(Nav{Route::Pin, "", "", p.pin_id});
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Pin %s (right-click to copy the id)", p.pin_id.c_str());
            if (ImGui::BeginPopupContextItem("##pinmenu")) {
                if (ImGui::MenuItem("Copy pin id")) {
                    s.platform.set_clipboard(p.pin_id);
                    s.notices.toast("Pin id copied");
                }
                ImGui::EndPopup();
            }
            ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + thumb));
            ImGui::Dummy(ImVec2(0, 0));
            s.bridge.item("top:" + p.pin_id);
            ImGui::TableNextColumn();
            auto v = p.metrics.find(sort_by);
            ImGui::TextUnformatted(v == p.metrics.end() ? "—" : metric_text(sort_by, v->second).c_str());
            if (!narrow) {
                ImGui::TableNextColumn();
                std::string others;
                for (const auto& [k, x] : p.metrics)
                    if (k != sort_by && others.size() < 120) others += k + " " + metric_text(k, x) + "  ";
                ImGui::TextDisabled("%s", others.c_str());
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
}

namespace deferred {  // the view's code arrives later (views.h)
void top_pins_draw(AppState& s) { view_top_pins(s); }
void top_pins_enter(AppState& s) {
    if (!s.top_pins.call) s.top_pins.load(s);
}
void top_pins_reset(AppState& s) { s.top_pins.reset(); }
// Each listed pin's id and the title shown for it ("" while it loads or when the pin has none).
void top_pins_bridge(AppState& s, json& j) {
    json rows = json::array();
    const TopPins& t = s.top_pins;
    if (t.call && t.call->value)
        for (const auto& p : t.call->value->pins) {
            const Pin* d = t.detail(p.pin_id);
            rows.push_back({{"id", p.pin_id}, {"loaded", d != nullptr}, {"title", d && d->title ? *d->title : std::string()},
                            {"image", d != nullptr && !pin_image_url(*d, "150x150", 40).empty()}});
        }
    j["top_pins"] = std::move(rows);
}
}  // namespace deferred

extern const ViewDef kTopPinsView{Route::TopPins, "top-pins", "Top pins", "Top pins", NavGroup::More, Route::TopPins,
                                  SignedOut::AsksToSignIn, true, &deferred::top_pins_draw, &deferred::top_pins_enter,
                                  nullptr, nullptr, &deferred::top_pins_reset, &deferred::top_pins_bridge};

}  // namespace pinlab::app
