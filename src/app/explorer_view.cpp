// explorer_view.cpp — the API Explorer: every operation of the spec grouped by tag (x-tagGroups) with a
// filter and keyboard navigation; for the selected one its documentation, scopes against the token's, rate
// limit budget and sandbox rule, a parameter form and body editor built from the spec (validated as typed),
// Send through the Client, and the answer with its schema check, headers and body tree. History and saved
// requests beside the list. Phones show the list and the operation as separate screens.
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>

#include "app/explorer_panels.h"
#include "app/state.h"
#include "app/ui/input.h"
#include "app/ui/rich_text.h"
#include "app/ui/theme.h"
#include "app/views.h"
#include "core/text.h"
#include "app/ui/widgets.h"
#include "core/json_util.h"
#include "core/operations.h"

namespace pinlab::app {

namespace {

const ImVec4 kGood(0.35f, 0.8f, 0.45f, 1), kBad(1.0f, 0.42f, 0.42f, 1), kWarn(0.95f, 0.7f, 0.25f, 1);

ImVec4 method_color(const std::string& m) {
    if (m == "GET") return ImVec4(0.4f, 0.7f, 1.0f, 1);
    if (m == "POST") return kGood;
    if (m == "DELETE") return kBad;
    return kWarn;
}

ImVec4 status_color(int st) { return st < 300 ? kGood : st < 400 ? ImVec4(0.5f, 0.7f, 1.0f, 1) : kBad; }

void operation_list(AppState& s, Explorer& e) {
    // Opened from the keyboard (Alt+9, Enter on its link): the filter takes the keys, as Search's field does.
    // Not after a click or a tap: on a phone a focused field would raise the on-screen keyboard unasked.
    static int drawn_frame = -2;
    if (ImGui::GetFrameCount() - drawn_frame > 1 && ui_input::keys_last()) ImGui::SetKeyboardFocusHere();
    drawn_frame = ImGui::GetFrameCount();
    ImGui::SetNextItemWidth(-1);
    bool typed = ImGui::InputTextWithHint("##filter", "Filter: path, summary or operationId", &e.filter);
    s.bridge.item("input:Filter operations");
    const bool filter_active = ImGui::IsItemActive();
    // Up/Down belong to the list while the filter has the keyboard (ImGui would move its focus away).
    if (filter_active) GImGui->ActiveIdUsingNavDirMask |= (1 << ImGuiDir_Up) | (1 << ImGuiDir_Down);
    const bool enter = submitted_with_enter();
    const std::vector<const ExplorerOp*>& vis = e.visible();
    // Arrows move the selection while the filter has the keyboard; Enter opens it.
    auto pos = std::find_if(vis.begin(), vis.end(), [&](const ExplorerOp* o) { return o->id == e.cursor_id; });
    bool moved = false;
    // The cursor goes to the first match as the filter changes; a deep link's operation outside the filter
    // keeps it (no other row is highlighted next to the one opened).
    if ((typed || (pos == vis.end() && e.cursor_id != e.selected)) && !vis.empty() && !e.filter.empty()) {
        e.cursor_id = vis.front()->id;
        pos = vis.begin();
    }
    if (filter_active && !vis.empty()) {
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) {
            pos = pos == vis.end() || pos + 1 == vis.end() ? (pos == vis.end() ? vis.begin() : pos) : pos + 1;
            moved = true;
        } else if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) {
            pos = pos == vis.end() ? vis.begin() : (pos == vis.begin() ? pos : pos - 1);
            moved = true;
        }
        if (moved) e.cursor_id = (*pos)->id;
    }
    if (enter && pos != vis.end()) e.select(s, (*pos)->id);

    if (e.index_state == Explorer::Load::Loading || e.index_state == Explorer::Load::Idle) {
        spinner("Loading the API description…");
        return;
    }
    if (e.index_state == Explorer::Load::Failed) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(kBad, "The API description could not be loaded: %s", e.index_error.c_str());
        ImGui::PopTextWrapPos();
        if (button(s, "Retry")) e.enter(s, e.selected, "");
        return;
    }
    ImGui::TextDisabled("%zu of %zu operations · v%s", vis.size(), e.ops.size(), e.version.c_str());
    ImGui::BeginChild("##oplist", ImVec2(0, 0), false);
    for (const ExplorerListGroup& g : e.list()) {
        ImGui::Spacing();
        ImGui::TextDisabled("%s", g.name.c_str());
        for (const ExplorerListTag& t : g.tags) {
            char head[160];
            std::snprintf(head, sizeof head, "%s %s  (%d)", t.folded ? "+" : "-", t.tag.c_str(), t.count);
            if (ImGui::Selectable(head, false)) e.toggle_tag(t.tag);
            s.bridge.item("tag:" + t.tag);
            for (const ExplorerOp* o : t.rows) {
                ImGui::PushID(o->id.c_str());
                const bool sel = o->id == e.selected, cur = o->id == e.cursor_id;
                ImVec2 start = ImGui::GetCursorScreenPos();
                if (ImGui::Selectable("##op", sel || cur, 0, ImVec2(0, ImGui::GetTextLineHeight() * 2 + px(4))))
                    e.select(s, o->id);
                s.bridge.item("op:" + o->id);
                if (cur && moved) ImGui::SetScrollHereY(0.5f);
                ImVec2 end = ImGui::GetCursorScreenPos();
                ImGui::SetCursorScreenPos(ImVec2(start.x + px(8), start.y + px(2)));
                ImGui::TextColored(method_color(o->method), "%s", o->method.c_str());
                ImGui::SameLine();
                ImGui::TextUnformatted(o->path.c_str());
                ImGui::SetCursorScreenPos(ImVec2(start.x + px(8), start.y + ImGui::GetTextLineHeight() + px(2)));
                if (o->deprecated) ImGui::TextDisabled("%s (deprecated)", o->summary.c_str());
                else ImGui::TextDisabled("%s", o->summary.c_str());
                ImGui::SetCursorScreenPos(end);
                ImGui::Dummy(ImVec2(0, 0));
                ImGui::PopID();
            }
        }
    }
    ImGui::EndChild();
}

std::string when(int64_t ms_now, int64_t at) {
    int64_t s = (ms_now - at) / 1000;
    if (s < 60) return "just now";
    if (s < 3600) return std::to_string(s / 60) + " min ago";
    if (s < 86400) return std::to_string(s / 3600) + " h ago";
    return std::to_string(s / 86400) + " d ago";
}

// "Run after" under a saved request: its link and Run chain, or the popup that makes a link.
void saved_link_row(AppState& s, Explorer& e, size_t i) {
    const ExplorerRequest& r = e.saved[i];
    const std::string id = std::to_string(i);
    ImGui::Indent(px(8));
    if (r.link.after_at) {
        std::vector<const ExplorerRequest*> steps = e.chain_of(i);
        const ExplorerRequest* before = steps.size() >= 2 ? steps[steps.size() - 2] : nullptr;
        ImGui::PushTextWrapPos(0);
        if (before)
            ImGui::TextDisabled("Runs after %s, taking %s of its answer as {{%s}}", before->name.c_str(),
                                r.link.pointer.empty() ? "all" : r.link.pointer.c_str(), r.link.var.c_str());
        else
            ImGui::TextColored(kWarn, "Runs after a saved request that is gone (or the links loop): unlink it");
        ImGui::PopTextWrapPos();
        const bool running = e.chain && !e.chain->done && e.chain->error.empty();
        if (before && !running) {
            char label[64];
            std::snprintf(label, sizeof label, "Run chain (%zu requests)", steps.size());
            if (ImGui::SmallButton(label)) e.run_chain(s, i);
            s.bridge.item("saved run:" + id);
            same_line_or_wrap(ImGui::CalcTextSize("Unlink").x + px(16));
        }
        if (ImGui::SmallButton("Unlink")) e.unlink_saved(s, i);
        s.bridge.item("saved unlink:" + id);
    } else if (e.saved.size() > 1 && ImGui::SmallButton("Run after…")) {
        ExplorerLink& d = e.link_draft;
        d = ExplorerLink{};
        d.after_at = e.saved[i + 1 < e.saved.size() ? i + 1 : 0].at_ms;  // the one saved before it, by default
        std::vector<std::string> used = variable_references(r.query + "\n" + r.body);
        d.var = used.empty() ? "id" : used.front();
        ImGui::OpenPopup("##link");
    }
    if (!r.link.after_at && e.saved.size() > 1) s.bridge.item("saved link:" + id);
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0),
                                        ImVec2(std::min(px(420), ImGui::GetIO().DisplaySize.x - px(16)), FLT_MAX));
    if (ImGui::BeginPopup("##link")) {
        ExplorerLink& d = e.link_draft;
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(("Run \"" + r.name + "\" after:").c_str());
        ImGui::PopTextWrapPos();
        auto cur = std::find_if(e.saved.begin(), e.saved.end(), [&](const ExplorerRequest& o) { return o.at_ms == d.after_at; });
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##after", cur != e.saved.end() ? cur->name.c_str() : "")) {
            for (size_t k = 0; k < e.saved.size(); ++k) {
                if (k == i) continue;
                ImGui::PushID(static_cast<int>(k));
                if (ImGui::Selectable(e.saved[k].name.c_str(), e.saved[k].at_ms == d.after_at)) d.after_at = e.saved[k].at_ms;
                s.bridge.item("link after:" + e.saved[k].name);
                ImGui::PopID();
            }
            ImGui::EndCombo();
        }
        s.bridge.item("combo:Run after");
        ImGui::TextUnformatted("and take the value of its answer at");
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##pointer", "/id", &d.pointer);
        s.bridge.item("input:Link value path");
        ImGui::TextUnformatted("as the variable");
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##var", "board_id", &d.var);
        s.bridge.item("input:Link variable");
        if (button(s, "Link") && e.link_saved(s, i, d.after_at, d.pointer, d.var)) ImGui::CloseCurrentPopup();
        ImGui::SameLine();
        if (button(s, "Cancel") || escape_pressed()) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    ImGui::Unindent(px(8));
}

// Where the chain run from the saved list is, or why it stopped.
void chain_line(Explorer& e) {
    if (!e.chain) return;
    const ExplorerChainRun& c = *e.chain;
    ImGui::PushTextWrapPos(0);
    if (!c.error.empty())
        ImGui::TextColored(kBad, "Chain stopped: %s", c.error.c_str());
    else if (c.done)
        ImGui::TextColored(kGood, "Chain done: %zu requests sent", c.steps.size());
    else
        ImGui::TextDisabled("Running the chain: %zu of %zu, %s…", c.step + 1, c.steps.size(), c.steps[c.step].name.c_str());
    ImGui::PopTextWrapPos();
}

void request_list(AppState& s, Explorer& e, bool saved) {
    auto& list = saved ? e.saved : e.history;
    if (list.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled(saved ? "No saved requests. \"Save request\" keeps the form of an operation here."
                                  : "No requests yet. What you send from the Explorer is kept here (this browser).");
        ImGui::PopTextWrapPos();
        return;
    }
    if (!saved && button(s, "Clear history")) e.forget_history(s);
    if (saved) chain_line(e);
    ImGui::BeginChild("##requests");
    const int64_t now = s.platform.epoch_ms();
    for (size_t i = 0; i < list.size(); ++i) {
        const ExplorerRequest& r = list[i];
        ImGui::PushID(static_cast<int>(i));
        const SpecOperation* op = find_spec_operation(r.op);
        std::string line = std::string(op ? op->method : "") + " " + (saved ? r.name : r.op);
        std::string sub = (saved ? r.op : (r.status ? "HTTP " + std::to_string(r.status) : std::string("no answer"))) +
                          " · " + when(now, r.at_ms) + (r.query.empty() ? "" : " · " + r.query);
        ImVec2 start = ImGui::GetCursorScreenPos();
        if (ImGui::Selectable("##r", false, 0, ImVec2(0, ImGui::GetTextLineHeight() * 2 + px(4)))) {
            ExplorerRequest copy = r;
            e.open_request(s, copy);
            ImGui::PopID();
            break;  // the list may have changed
        }
        s.bridge.item(std::string(saved ? "saved:" : "history:") + std::to_string(i));
        ImVec2 end = ImGui::GetCursorScreenPos();
        ImGui::SetCursorScreenPos(ImVec2(start.x + px(8), start.y + px(2)));
        ImGui::TextUnformatted(line.c_str());
        ImGui::SetCursorScreenPos(ImVec2(start.x + px(8), start.y + ImGui::GetTextLineHeight() + px(2)));
        ImGui::TextDisabled("%s", sub.c_str());
        ImGui::SetCursorScreenPos(end);
        ImGui::Dummy(ImVec2(0, 0));
        if (saved) saved_link_row(s, e, i);
        ImGui::PopID();
    }
    ImGui::EndChild();
}

void list_pane(AppState& s, Explorer& e) {
    static const char* tabs[] = {"Operations", "History", "Saved"};
    for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine();
        const bool on = e.list_tab == i;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
        char label[40];
        std::snprintf(label, sizeof label, "%s%s", tabs[i],
                      i == 1 && !e.history.empty() ? (" (" + std::to_string(e.history.size()) + ")").c_str() : "");
        if (ImGui::Button(label)) e.list_tab = i;
        s.bridge.item(std::string("tab:") + tabs[i]);
        if (on) ImGui::PopStyleColor();
    }
    if (e.list_tab == 0) operation_list(s, e);
    else request_list(s, e, e.list_tab == 2);
}

// [SECTION] The operation ------------------------------------------------------------------------------

void param_field(AppState& s, Explorer& e, const json& p, std::string& value) {
    const std::string name = json_string(p, "name"), type = json_string(p, "type"), in = json_string(p, "in");
    const bool required = json_field(p, "required") && p["required"] == true;
    ImGui::PushID(name.c_str());
    ImGui::TextUnformatted(name.c_str());
    if (required) {
        ImGui::SameLine(0, px(2));
        ImGui::TextColored(kBad, "*");
    }
    ImGui::SameLine();
    std::string meta = in + " · " + type;
    if (const json* f = json_field(p, "format")) meta += " (" + (f->is_string() ? f->get<std::string>() : f->dump()) + ")";
    if (type == "array") {
        const json* items = json_field(p, "items");
        meta += " of " + (items ? json_string(*items, "type", "string") : std::string("string"));
    }
    const json* mn = json_field(p, "minimum");
    const json* mx = json_field(p, "maximum");
    if (mn || mx) meta += " · " + (mn ? mn->dump() : std::string("…")) + " to " + (mx ? mx->dump() : std::string("…"));
    if (const json* d = json_field(p, "default")) meta += " · default " + (d->is_string() ? d->get<std::string>() : d->dump());
    ImGui::TextDisabled("%s", meta.c_str());

    const json* en = json_field(p, "enum");
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, px(420)));
    if ((en && en->is_array()) || type == "boolean") {
        std::vector<std::string> options = {""};
        if (type == "boolean") options = {"", "true", "false"};
        else
            for (const json& v : *en) options.push_back(v.is_string() ? v.get<std::string>() : v.dump());
        if (ImGui::BeginCombo("##v", value.empty() ? "(not set)" : value.c_str())) {
            for (const std::string& o : options)
                if (ImGui::Selectable(o.empty() ? "(not set)" : o.c_str(), o == value)) value = o;
            ImGui::EndCombo();
        }
    } else {
        std::string hint;
        if (type == "integer" || type == "number") hint = "a number";
        else if (json_string(p, "format") == "date") hint = "YYYY-MM-DD";
        else if (type == "array") {
            hint = "comma-separated";
            if (const json* items = json_field(p, "items"))
                if (const json* ie = json_field(*items, "enum"); ie && ie->is_array()) {
                    hint += ": ";
                    for (size_t i = 0; i < ie->size() && i < 6; ++i)
                        hint += (i ? ", " : "") + ((*ie)[i].is_string() ? (*ie)[i].get<std::string>() : (*ie)[i].dump());
                    if (ie->size() > 6) hint += ", …";
                }
        } else if (const json* ex = json_field(p, "example")) hint = ex->is_string() ? ex->get<std::string>() : ex->dump();
        const bool multi = type == "array" && json_field(p, "items") && json_field(p["items"], "enum");
        if (multi) ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x - px(250), px(420)));
        ImGui::InputTextWithHint("##v", hint.c_str(), &value);
        s.bridge.item("param:" + name);
        if (multi) {  // the enum as a multi-select beside the text (which still takes {{variables}})
            ImGui::SameLine();
            enum_multi_select(s, e, p, value);
        }
    }
    if (type == "boolean" || (en && en->is_array())) s.bridge.item("param:" + name);
    description_text("pdesc", json_string(p, "description"), [&s](const std::string& url) { s.platform.open_new_tab(url); }, 1);
    ImGui::PopID();
    ImGui::Spacing();
}

void issue_list(const json& issues, const ImVec4& color) {
    if (!issues.is_array()) return;
    ImGui::PushTextWrapPos(0);
    size_t shown = 0;
    for (const json& i : issues) {
        if (++shown > 20) {
            ImGui::TextDisabled("… and %zu more", issues.size() - 20);
            break;
        }
        std::string ptr = json_string(i, "pointer");
        ImGui::TextColored(color, "%s: %s", ptr.empty() ? "(root)" : ptr.c_str(), json_string(i, "message").c_str());
    }
    ImGui::PopTextWrapPos();
}

void answer(AppState& s, Explorer& e) {
    if (!e.call) return;
    ImGui::Separator();
    if (e.call->pending()) {
        spinner("Waiting for the answer…");
        return;
    }
    if (e.call->failed()) {
        error_box(s, e.call->error, false);
        return;
    }
    const Response& r = *e.call->value;
    ImGui::TextColored(status_color(r.status), "HTTP %d", r.status);
    ImGui::SameLine(0, px(12));
    ImGui::TextDisabled("%.0f ms · %zu bytes", e.answered_ms - e.sent_ms, r.body.size());
    std::string source(r.headers.get("X-Emulator-Source"));
    if (!source.empty()) {
        ImGui::SameLine(0, px(12));
        ImGui::TextDisabled("answered by the emulator's %s", source == "generic" ? "generic layer (from the spec)"
                                                                                  : "modelled resource");
    }
    // Pages: the same request with the answer's bookmark, and back through the pages walked.
    if (e.has_next_page() || !e.pages.before.empty()) {
        ImGui::BeginDisabled(e.pages.before.empty() || e.call->pending());
        if (button(s, "Previous page")) e.previous_page(s);
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::BeginDisabled(!e.has_next_page());
        if (button(s, "Next page")) e.next_page(s);
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::TextDisabled("page %zu%s", e.pages.before.size() + 1, e.has_next_page() ? "" : " (the last)");
    }
    if (r.status >= 400) {
        const SpecOperation* op = find_spec_operation(e.call_op);
        ApiError err = error_from_response(r, operation_info(op ? op->operation_id : ""));
        ImGui::PushTextWrapPos(0);
        if (!err.message.empty()) ImGui::TextColored(kBad, "%s", err.message.c_str());
        if (!err.hint.empty()) ImGui::TextUnformatted(err.hint.c_str());
        ImGui::PopTextWrapPos();
        // The missing scope added in place: a new consent with it, back here with the same values.
        if (std::vector<std::string> missing = e.missing_scopes(s, err); !missing.empty() && s.backend()) {
            if (button(s, ("Add " + join(missing, ", ") + " and sign in again").c_str())) e.add_scopes(s, missing);
        }
    }
    // The body against the schema the spec gives this status.
    if (e.check.is_null()) {
        spinner("Checking the body against the spec…");
    } else if (e.check.contains("error")) {
        ImGui::TextColored(kWarn, "Schema check unavailable: %s", json_string(e.check, "error").c_str());
    } else if (e.check.value("conforms", false)) {
        std::string schema = json_string(e.check, "schema");
        ImGui::TextColored(kGood, "Conforms to the spec's %s response%s%s", json_string(e.check, "code").c_str(),
                           schema.empty() ? "" : ": ", schema.c_str());
    } else {
        const json* is = json_field(e.check, "issues");
        std::string note = json_string(e.check, "note");
        ImGui::TextColored(kBad, "Does not conform to the spec's %s response (%zu mismatch%s)%s%s",
                           json_string(e.check, "code").c_str(), is ? is->size() : 0,
                           is && is->size() == 1 ? "" : "es", note.empty() ? "" : ": ", note.c_str());
        if (is) issue_list(*is, kBad);
    }
    if (ImGui::CollapsingHeader("Response headers")) {
        for (const auto& [k, v] : r.headers.items) ImGui::TextWrapped("%s: %s", k.c_str(), v.c_str());
    }
    if (ImGui::CollapsingHeader("Response body", ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::BeginChild("##answer", ImVec2(0, px(compact_layout() ? 260 : 320)), true);
        if (e.answer_of != e.call.get()) {  // parsed once, not every frame
            e.answer_of = e.call.get();
            e.answer_doc = json_parse(r.body);
        }
        const std::optional<json>& j = e.answer_doc;
        if (!j) ImGui::TextWrapped("%s", r.body.empty() ? "(empty)" : r.body.substr(0, 4000).c_str());
        else answer_tree(s, e, *j);
        ImGui::EndChild();
    }
}

// The operation's method, path, summary, its scopes against the token's, the rate-limit budget, the sandbox rule.
void operation_header(AppState& s, Explorer& e, const json& d) {
    const std::string method = json_string(d, "method");
    ImGui::TextColored(method_color(method), "%s", method.c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(json_string(d, "path").c_str());
    ImGui::PushTextWrapPos(0);
    ImGui::Text("%s", json_string(d, "summary").c_str());
    ImGui::TextDisabled("operationId %s · tag %s%s", e.selected.c_str(), json_string(d, "tag").c_str(),
                        json_field(d, "deprecated") ? " · deprecated" : "");
    ImGui::PopTextWrapPos();

    if (const json* scopes = json_field(d, "scopes"); scopes && scopes->is_array()) {
        ImGui::TextUnformatted("Scopes:");
        for (const json& sc : *scopes) {
            std::string name = json_string(sc, "name");
            bool known = false;
            bool has = e.has_scope(s, name, &known);
            ImGui::SameLine();
            if (!known) ImGui::TextDisabled("%s", name.c_str());
            else ImGui::TextColored(has ? kGood : kBad, "%s (%s)", name.c_str(), has ? "granted" : "not granted");
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", json_string(sc, "description").c_str());
        }
        if (scopes->empty()) {
            ImGui::SameLine();
            ImGui::TextDisabled("none");
        }
    }
    const std::string cat = json_string(d, "ratelimit");
    std::string budget = "no calls in this category yet";
    if (const Client* c = s.client()) {
        auto it = c->rate_limits().find(cat);
        if (it != c->rate_limits().end() && it->second.remaining >= 0)
            budget = std::to_string(it->second.remaining) + " of " + std::to_string(it->second.limit) + " left";
    }
    ImGui::Text("Rate limit: %s", cat.empty() ? "(none)" : cat.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("(%s)", budget.c_str());
    const bool sandbox = d.value("sandbox", false);
    ImGui::SameLine(0, px(16));
    ImGui::TextColored(sandbox ? kGood : kWarn, sandbox ? "Sandbox: allowed" : "Sandbox: not available");
}

// Send, the copies and Save, and why Send is off.
void request_buttons(AppState& s, Explorer& e) {
    std::string problem;
    e.request_path(&problem);
    if (!s.signed_in()) ImGui::TextDisabled("Sign in to send requests (Demo needs no account).");
    const bool can_send = problem.empty() && s.signed_in() && !(e.call && e.call->pending());
    ImGui::BeginDisabled(!can_send);
    if (primary_button(s, "Send request")) e.send(s);
    ImGui::EndDisabled();
    same_line_or_wrap(px(120));
    if (button(s, "Copy as curl")) e.copy(s, SnippetKind::Curl);
    same_line_or_wrap(px(120));
    if (button(s, "Copy as fetch")) e.copy(s, SnippetKind::Fetch);
    same_line_or_wrap(px(120));
    if (button(s, "Copy as Python")) e.copy(s, SnippetKind::Python);
    same_line_or_wrap(px(160));
    ImGui::Checkbox("Include the token", &e.include_secrets);
    s.bridge.item("check:Include the token");
    same_line_or_wrap(px(120));
    if (button(s, "Save request")) e.save_current(s);
    // Why Send is off, under the buttons: Send does not move as the reason comes and goes.
    if (!problem.empty()) ImGui::TextColored(kWarn, "%s", problem.c_str());
}

// The request body: its description and schema, the editor, its check against the schema, Reset.
void request_body_panel(AppState& s, Explorer& e, const json& b, const OpenLink& open_link) {
    std::string title = "Request body: " + json_string(b, "type") + (b.value("required", false) ? " (required)" : "");
    if (ImGui::CollapsingHeader(title.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
        if (std::string bd = json_string(b, "description"); !bd.empty()) description_text("bdesc", bd, open_link, 2);
        if (const json* tree = json_field(b, "tree")) {
            const bool open = ImGui::TreeNode("Schema");
            s.bridge.item("tree:Schema");  // the node itself, not the last item of the open panel
            if (open) {
                schema_panel(s, e, *tree, true);
                ImGui::TreePop();
            }
        }
        float h = std::max(px(140), std::min(px(320), ImGui::GetTextLineHeight() *
                                                           (std::count(e.body.begin(), e.body.end(), '\n') + 3.0f)));
        if (ImGui::InputTextMultiline("##body", &e.body, ImVec2(-1, h), ImGuiInputTextFlags_AllowTabInput)) {
            e.body_edited_ms = s.platform.now_ms();
            e.validation_due = true;
        }
        s.bridge.item("input:Body");
        if (e.validation.is_object() && e.validated_body == e.body) {
            if (e.validation.contains("error")) {
                ImGui::TextColored(kWarn, "Not validated: %s", json_string(e.validation, "error").c_str());
            } else if (const json* syn = json_field(e.validation, "syntax")) {
                ImGui::TextColored(kBad, "JSON syntax error at line %d, column %d: %s", syn->value("line", 0),
                                   syn->value("column", 0), json_string(*syn, "message").c_str());
            } else if (e.validation.value("ok", false)) {
                ImGui::TextColored(kGood, "Valid against the schema");
            } else {
                if (const json* is = json_field(e.validation, "issues")) issue_list(*is, kBad);
                // The schema allows it but Pinterest would refuse it: say so, naming the fields.
                if (std::string v = json_string(e.validation, "verdict"); !v.empty()) {
                    ImGui::PushTextWrapPos(0);
                    ImGui::TextColored(kWarn, "%s", v.c_str());
                    ImGui::PopTextWrapPos();
                }
            }
        } else {
            ImGui::TextDisabled("Checking…");
        }
        if (!e.placeholders.empty() && e.body == e.skeleton_text) {
            std::string list;
            for (size_t i = 0; i < e.placeholders.size() && i < 6; ++i) list += (i ? ", " : "") + e.placeholders[i];
            if (e.placeholders.size() > 6) list += ", …";
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(kWarn, "Made-up values to replace: %s", list.c_str());
            ImGui::PopTextWrapPos();
        }
        if (button(s, "Reset body")) e.reset_body(s);
    }
}

// Each response code: its description, its model as a tree, and an example made from the schema.
void responses_panel(AppState& s, Explorer& e, const json& d, const OpenLink& open_link) {
    if (const json* rs = json_field(d, "responses"); rs && rs->is_array() && ImGui::CollapsingHeader("Responses")) {
        for (const json& r : *rs) {
            const std::string code = json_string(r, "code"), type = json_string(r, "type");
            ImGui::PushID(code.c_str());
            bool open = ImGui::TreeNode("##code", "%s  %s", code.c_str(), type.c_str());
            s.bridge.item("response:" + code);
            if (open) {
                description_text("rdesc", json_string(r, "description"), open_link, 2);
                if (const json* tree = json_field(r, "tree")) schema_panel(s, e, *tree, false);
                if (std::string ex = json_string(r, "example"); !ex.empty() && ImGui::TreeNode("Example")) {
                    ImGui::InputTextMultiline("##example", &ex, ImVec2(-1, px(180)), ImGuiInputTextFlags_ReadOnly);
                    ImGui::TreePop();
                }
                ImGui::TreePop();
            }
            ImGui::PopID();
        }
    }
}

void operation_pane(AppState& s, Explorer& e) {
    if (e.selected.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted("The whole Pinterest API v5: pick an operation on the left to read its documentation, "
                               "fill in its parameters and send it.");
        ImGui::TextDisabled("Arrow keys move through the list while the filter has the keyboard; Enter opens.");
        ImGui::PopTextWrapPos();
        return;
    }
    if (e.detail_state != Explorer::Load::Ready) {
        if (e.detail_state == Explorer::Load::Failed) ImGui::TextColored(kBad, "%s", e.detail_error.c_str());
        else spinner("Loading the operation…");
        return;
    }
    const json& d = e.detail;
    operation_header(s, e, d);

    // Send and copy stay at the top, the answer right under them; the form follows.
    ImGui::Spacing();
    request_buttons(s, e);

    answer(s, e);

    std::string doc = json_string(d, "description");
    const OpenLink open_link = [&s](const std::string& url) { s.platform.open_new_tab(url); };
    if (!doc.empty() && ImGui::CollapsingHeader("Documentation", ImGuiTreeNodeFlags_DefaultOpen))
        description_text("doc", doc, open_link, 6, false);

    std::string vars_title = "Variables (" + std::to_string(e.vars.size()) + ")###vars";
    if (ImGui::CollapsingHeader(vars_title.c_str())) variables_panel(s, e);
    s.bridge.item("header:Variables");

    const json* params = json_field(d, "params");
    if (params && params->is_array() && !params->empty() &&
        ImGui::CollapsingHeader("Parameters", ImGuiTreeNodeFlags_DefaultOpen)) {
        for (size_t i = 0; i < params->size() && i < e.values.size(); ++i) param_field(s, e, (*params)[i], e.values[i]);
    }

    if (const json* b = json_field(d, "body")) request_body_panel(s, e, *b, open_link);
    responses_panel(s, e, d, open_link);
}

}  // namespace

void view_explorer(AppState& s) {
    Explorer& e = s.explorer;
    if (compact_layout()) {
        if (e.show_detail_on_phone && !e.selected.empty()) {
            if (button(s, "Back to operations")) e.show_detail_on_phone = false;
            ImGui::BeginChild("##op", ImVec2(0, 0), false);
            operation_pane(s, e);
            ImGui::EndChild();
        } else {
            list_pane(s, e);
        }
        return;
    }
    const float list_w = std::min(px(380), ImGui::GetContentRegionAvail().x * 0.38f);
    ImGui::BeginChild("##list", ImVec2(list_w, 0), false, ImGuiWindowFlags_NavFlattened);
    list_pane(s, e);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##op", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);
    operation_pane(s, e);
    ImGui::EndChild();
}

namespace deferred {  // the view's code arrives later (views.h)
void explorer_draw(AppState& s) { view_explorer(s); }
void explorer_enter(AppState& s) { s.explorer.enter(s, s.nav.op, s.nav.query); }
void explorer_poll(AppState& s, bool late) {
    if (!late) s.explorer.poll(s);  // spec answers need no client
}
bool explorer_busy(const AppState& s) { return s.explorer.busy(); }
void explorer_bridge(AppState& s, json& j) { j["explorer"] = s.explorer.bridge_state(); }
}  // namespace deferred

// Documentation needs no sign-in.
extern const ViewDef kExplorerView{Route::Explorer, "explorer", "API explorer", "Explorer", NavGroup::Bar,
                                   Route::Explorer, SignedOut::Opens, true, &deferred::explorer_draw,
                                   &deferred::explorer_enter, &deferred::explorer_poll, &deferred::explorer_busy,
                                   nullptr, &deferred::explorer_bridge};

}  // namespace pinlab::app
