// pin_view.cpp — one pin: the large image, title, description, link (new tab), alt text, dominant
// colour, metrics; edit, delete (with confirmation) and save to another board or section.
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>

#include "app/state.h"
#include "app/ui/theme.h"
#include "app/views.h"
#include "app/ui/masonry.h"
#include "app/ui/value_menu.h"
#include "app/ui/widgets.h"

namespace pinlab::app {

namespace {
// A field of the pin under its label; a click on its value offers Copy value and Copy JSON path (`path`).
// `shown` is what is drawn when it is not the value itself (a board's name beside its ID).
void field(AppState& s, const char* label, const opt_str& v, const char* path, const std::string& shown = "") {
    ImGui::TextDisabled("%s", label);
    if (v && !v->empty()) copyable_text(s, s.pins.values, shown.empty() ? *v : shown, *v, path);
    else ImGui::TextUnformatted("—");
}

// Board + section pickers used by the create form and "Save to board".
void board_section_pickers(AppState& s, std::string& board_id, std::string& section_id, const char* board_label,
                           const char* section_label) {
    std::string current = "Choose a board";
    for (const auto& b : s.boards.list.items)
        if (b.id == board_id) current = b.name;
    ImGui::SetNextItemWidth(px(260));
    if (ImGui::BeginCombo(board_label, current.c_str())) {
        for (const auto& b : s.boards.list.items) {
            ImGui::PushID(b.id.c_str());
            if (ImGui::Selectable(b.name.c_str(), b.id == board_id)) {
                board_id = b.id;
                section_id.clear();
            }
            s.bridge.item("option:" + b.name);
            ImGui::PopID();
        }
        if (s.boards.list.loading) ImGui::TextDisabled("loading…");
        ImGui::EndCombo();
    }
    s.bridge.item(std::string("combo:") + std::string(board_label, ImGui::FindRenderedTextEnd(board_label)));
    if (board_id.empty()) return;
    s.boards.ensure_sections(s, board_id);
    if (s.boards.sections.items.empty()) return;
    std::string sec = "(no section)";
    for (const auto& x : s.boards.sections.items)
        if (x.id == section_id) sec = x.name;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(200));
    if (ImGui::BeginCombo(section_label, sec.c_str())) {
        if (ImGui::Selectable("(no section)", section_id.empty())) section_id.clear();
        for (const auto& x : s.boards.sections.items) {
            ImGui::PushID(x.id.c_str());
            if (ImGui::Selectable(x.name.c_str(), x.id == section_id)) section_id = x.id;
            s.bridge.item("option:" + x.name);
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    s.bridge.item(std::string("combo:") + std::string(section_label, ImGui::FindRenderedTextEnd(section_label)));
}
// The pin's aspect (height / width) as its media says, unclamped (the grid clamps; this view shows it whole).
float declared_aspect(const Pin& p) {
    if (p.media) {
        for (const char* k : {"1200x", "600x", "originals", "400x300"}) {
            auto it = p.media->images.find(k);
            if (it != p.media->images.end() && it->second.width && it->second.height && *it->second.width > 0 &&
                *it->second.height > 0)
                return std::clamp(static_cast<float>(*it->second.height) / static_cast<float>(*it->second.width),
                                  0.05f, 20.0f);
        }
    }
    return pin_aspect(p);
}

// The edit form, in place of the details. On a wide screen the fields scroll and Save / Cancel stay
// in view below them; Enter in a one-line field saves.
void pin_edit_form(AppState& s, const Pin& p, bool stacked) {
    PinEdit& e = s.pins.edit;
    ImGui::TextUnformatted("Edit pin");
    const ImGuiStyle& st = ImGui::GetStyle();
    const float buttons_h = ImGui::GetFrameHeight() + st.ItemSpacing.y * 2 + px(4);
    bool enter = false;
    if (!stacked) {
        const float room = std::max(px(120), ImGui::GetContentRegionAvail().y - buttons_h);
        ImGui::BeginChild("##editfields", ImVec2(0, e.fields_h > 0 ? std::min(e.fields_h, room) : room), false,
                          ImGuiWindowFlags_NavFlattened);
    }
    counted_input(s, "Title", e.title, 100);
    enter |= submitted_with_enter();
    counted_input(s, "Description", e.description, 800, true);
    counted_input(s, "Link", e.link, 2048);
    enter |= submitted_with_enter();
    counted_input(s, "Alt text", e.alt_text, 500);
    enter |= submitted_with_enter();
    if (!stacked) {
        e.fields_h = ImGui::GetCursorPosY() + st.WindowPadding.y;
        ImGui::EndChild();
    }
    ImGui::Separator();
    if (primary_button(s, "Save changes") || enter) {
        PinUpdate u;
        u.title = e.title;
        u.description = e.description;
        u.link = e.link;
        u.alt_text = e.alt_text;
        s.pins.update(s, p.id, u);
    }
    ImGui::SameLine();
    if (button(s, "Cancel") || escape_pressed()) e.open = false;
}
}  // namespace

void view_pin(AppState& s) {
    if (button(s, "Back")) {
        if (s.pins.pin && s.pins.pin->board_id) s.go(Nav{Route::Board, *s.pins.pin->board_id});
        else s.go(Nav{Route::Boards});
    }
    if (!s.pins.pin) {
        ImGui::SameLine();
        if (s.pins.call && s.pins.call->pending()) spinner("Loading the pin…");
        else ImGui::TextDisabled("Pin %s could not be loaded.", s.nav.pin_id.c_str());
        return;
    }
    const Pin& p = *s.pins.pin;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // Side by side on wide screens; on a phone the image comes first and the details follow it in the
    // same scroll (two panes of half a phone each would show neither).
    const bool stacked = compact_layout();
    // The whole image, as large as the room allows with its aspect (the loaded image's, else the pin's).
    const std::string url = pin_image_url(p, "1200x", 1200);
    float aspect = declared_aspect(p);
    if (const CachedImage* ci = s.images.find(url); ci && ci->state == ImageState::Ready && ci->width > 0)
        aspect = static_cast<float>(ci->height) / static_cast<float>(ci->width);
    const float max_w = stacked ? avail.x : std::max(px(200), std::min(avail.x * 0.62f, avail.x - px(340)));
    const float max_h = stacked ? ImGui::GetMainViewport()->WorkSize.y * 0.7f : avail.y - px(4);
    const float img_w = std::floor(std::max(px(120), std::min(max_w, max_h / aspect)));
    const float img_h = std::floor(img_w * aspect);
    if (!stacked) ImGui::BeginChild("##pinimage", ImVec2(img_w + px(8), 0), false, ImGuiWindowFlags_NavFlattened);
    ImVec2 a = ImGui::GetCursorScreenPos();
    if (stacked) a.x += std::floor((avail.x - img_w) * 0.5f);
    ImGui::Dummy(ImVec2(stacked ? avail.x : img_w, img_h));
    s.bridge.rect("image:pin", a.x, a.y, a.x + img_w, a.y + img_h);
    image_contain(s, url, a, ImVec2(a.x + img_w, a.y + img_h),
                  parse_hex_color(p.dominant_color.value_or(""), IM_COL32(128, 128, 136, 255)), px(14));
    if (!stacked) {
        ImGui::EndChild();
        ImGui::SameLine(0, px(16));
        ImGui::BeginChild("##pininfo", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);
    }
    ImGui::SetWindowFontScale(1.35f);
    if (p.title && !p.title->empty()) copyable_text(s, s.pins.values, *p.title, *p.title, "$.title");
    else ImGui::TextWrapped("(untitled pin)");
    ImGui::SetWindowFontScale(1.0f);
    ImGui::TextDisabled("Pin");
    ImGui::SameLine(0, ImGui::CalcTextSize(" ").x);
    copyable_text(s, s.pins.values, p.id, p.id, "$.id");
    if (p.created_at) {
        ImGui::SameLine(0, 0);
        ImGui::TextDisabled(" · created");
        ImGui::SameLine(0, ImGui::CalcTextSize(" ").x);
        copyable_text(s, s.pins.values, *p.created_at, *p.created_at, "$.created_at");
    }
    ImGui::Spacing();
    PinEdit& e = s.pins.edit;
    if (e.open) {
        pin_edit_form(s, p, stacked);
        if (!stacked) ImGui::EndChild();
        return;
    }
    field(s, "Description", p.description, "$.description");
    field(s, "Link", p.link, "$.link");
    if (p.link && !p.link->empty() && button(s, "Open link")) s.platform.open_new_tab(*p.link);
    field(s, "Alt text", p.alt_text, "$.alt_text");
    ImGui::TextDisabled("Dominant colour");
    if (p.dominant_color) {
        ImVec2 c = ImGui::GetCursorScreenPos();
        float sz = ImGui::GetTextLineHeight();
        ImGui::GetWindowDrawList()->AddRectFilled(c, ImVec2(c.x + sz * 2, c.y + sz),
                                                  parse_hex_color(*p.dominant_color, 0), px(3));
        ImGui::Dummy(ImVec2(sz * 2, sz));
        ImGui::SameLine();
        copyable_text(s, s.pins.values, *p.dominant_color, *p.dominant_color, "$.dominant_color");
    } else {
        ImGui::TextUnformatted("—");
    }
    std::string board = p.board_id ? *p.board_id : "";
    if (s.boards.cache.count(board)) board = s.boards.cache[board].name + " (" + board + ")";
    field(s, "Board", p.board_id, "$.board_id", board);
    if (p.board_section_id && !p.board_section_id->empty()) {
        // The section's name (its board's sections are looked up once); the ID while they load.
        const std::string& sid = *p.board_section_id;
        auto it = s.boards.section_names.find(sid);
        if (it == s.boards.section_names.end() && p.board_id) s.boards.lookup_sections(s, *p.board_id);
        field(s, "Section", p.board_section_id, "$.board_section_id",
              it != s.boards.section_names.end() ? it->second + " (" + sid + ")" : sid);
        s.bridge.item("section:" + (it != s.boards.section_names.end() ? it->second : sid));
    }
    if (p.creative_type) field(s, "Creative type", p.creative_type, "$.creative_type");
    if (p.pin_metrics && ImGui::TreeNode("Metrics")) {
        const json& m = *p.pin_metrics;
        json_tree(s, m, "metric", [&](const std::string& pointer, const std::string&) {
            request_value_menu(s.pins.values, m, pointer);
            s.pins.values.path.replace(0, 1, "$.pin_metrics");  // the metrics' place in the pin
        });
        ImGui::TreePop();
    }
    value_menu(s, s.pins.values, "##pin-value");
    ImGui::Separator();
    // Edit / delete / save / analytics.
    if (button(s, "Edit pin")) {
        e.open = true;
        e.title = p.title.value_or("");
        e.description = p.description.value_or("");
        e.link = p.link.value_or("");
        e.alt_text = p.alt_text.value_or("");
    }
    ImGui::SameLine();
    if (button(s, "Delete pin")) ImGui::OpenPopup("Delete pin?");
    ImGui::SameLine();
    if (button(s, "Analytics")) {
        s.analytics.pin_id = p.id;
        s.analytics.call.reset();
        s.go(Nav{Route::Analytics});
    }
    if (confirm_dialog(s, "Delete pin?", "Delete this pin? This cannot be undone.", "Confirm delete") == 1)
        s.pins.remove(s, p.id);
    ImGui::Separator();
    ImGui::TextUnformatted("Save to another board");
    board_section_pickers(s, s.pins.save_board_id, s.pins.save_section_id, "Save to board##save", "Save to section##save");
    ImGui::BeginDisabled(s.pins.save_board_id.empty());
    if (button(s, "Save to board")) {
        PinSave sv;
        sv.board_id = s.pins.save_board_id;
        if (!s.pins.save_section_id.empty()) sv.board_section_id = s.pins.save_section_id;
        s.pins.save(s, p.id, sv);
    }
    ImGui::EndDisabled();
    if (!stacked) ImGui::EndChild();
}

void board_section_pickers_for_create(AppState& s) {
    board_section_pickers(s, s.pins.create.board_id, s.pins.create.section_id, "Board", "Section");
}

namespace deferred {  // the view's code arrives later (views.h)
void pin_draw(AppState& s) { view_pin(s); }
void pin_enter(AppState& s) { s.pins.load(s, s.nav.pin_id); }
}  // namespace deferred

extern const ViewDef kPinView{Route::Pin, "pin", "Pin", nullptr, NavGroup::None, Route::Boards, SignedOut::AsksToSignIn,
                              true, &deferred::pin_draw, &deferred::pin_enter, nullptr, nullptr, nullptr, nullptr};

}  // namespace pinlab::app
