// board_view.cpp — one board (or one of its sections): header with edit/delete, sections as tabs,
// and the pins masonry grid. The grid is built to scale: the layout is computed once per
// data/width change (state.cpp), only cells inside the clip rectangle are submitted, a Dummy keeps
// the scroll height, and only drawn cells ask for their images.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>

#include "app/state.h"
#include "app/views.h"
#include "app/ui/value_menu.h"
#include "app/ui/widgets.h"

namespace pinlab::app {

void pin_grid(AppState& s, PinGrid& g, const char* id) {
    Pager<Pin>& pager = g.pager;
    const float footer_h = ImGui::GetFrameHeightWithSpacing() + px(4);
    ImGui::BeginChild(id, ImVec2(0, -footer_h), false, ImGuiWindowFlags_AlwaysVerticalScrollbar | ImGuiWindowFlags_NavFlattened);
    const float width = ImGui::GetContentRegionAvail().x;
    g.scroll_y = ImGui::GetScrollY() / px(1);
    const float title_h = ImGui::GetTextLineHeight() + px(10);
    layout_masonry(g.layout, pager.items, width, px(236), px(12), title_h, g.version);
    const MasonryLayout& L = g.layout;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 clip0 = dl->GetClipRectMin(), clip1 = dl->GetClipRectMax();
    const ImU32 fallback = IM_COL32(128, 128, 136, 255);
    const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 hover_col = ImGui::GetColorU32(ImGuiCol_PlotLines);
    const float rounding = px(10);
    // Cells are placed in the lowest column, so their tops never decrease: binary-search the first
    // cell that can reach the view (none is taller than the aspect clamp allows) and stop at the
    // first one below it. Per frame this costs O(log n + visible), whatever the number of pins.
    const float tallest = L.col_w * 2.5f + title_h + 1;
    const size_t n = std::min(L.cells.size(), pager.items.size());
    const auto first = std::lower_bound(L.cells.begin(), L.cells.begin() + static_cast<std::ptrdiff_t>(n),
                                        clip0.y - origin.y - tallest,
                                        [](const MasonryLayout::Cell& c, float y) { return c.y < y; });
    for (size_t i = static_cast<size_t>(first - L.cells.begin()); i < n; ++i) {
        const auto& c = L.cells[i];
        const float y0 = origin.y + c.y, y1 = y0 + c.img_h + title_h;
        if (y0 > clip1.y) break;                   // this and every later cell are below the view
        if (y1 < clip0.y) continue;                // above the view: not submitted at all
        const Pin& p = pager.items[i];
        const ImVec2 a(origin.x + c.x, y0), b(a.x + c.w, y0 + c.img_h);
        ImGui::SetCursorScreenPos(a);
        ImGui::PushID(static_cast<int>(i));
        bool clicked = ImGui::InvisibleButton("##pin", ImVec2(c.w, c.img_h + title_h));
        bool hovered = ImGui::IsItemHovered();
        s.bridge.item("pin:" + p.id);
        ImGui::PopID();
        // The grid variant: "600x" keeps the pin's aspect; larger cells (HiDPI) take "1200x".
        image_cover(s, pin_image_url(p, c.w > 600 ? "1200x" : "600x", static_cast<int>(c.w)), a, b,
                    parse_hex_color(p.dominant_color.value_or(""), fallback), rounding);
        if (hovered || ImGui::IsItemFocused()) dl->AddRect(a, b, hover_col, rounding, 0, px(2));
        if (p.title && !p.title->empty()) {
            dl->PushClipRect(ImVec2(a.x, b.y), ImVec2(b.x, b.y + title_h), true);
            const std::string shown = ellipsize(*p.title, c.w - px(4));  // whole in the tooltip
            dl->AddText(ImVec2(a.x + px(2), b.y + px(4)), text_col, shown.c_str());
            if (hovered && shown != *p.title) ImGui::SetTooltip("%s", p.title->c_str());
            dl->PopClipRect();
        }
        if (hovered) s.expect_view(Route::Pin);  // a pin about to be opened: its view's code is fetched now
        if (clicked) s.go(Nav{Route::Pin, "", "", p.id});
    }
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(ImVec2(width, std::max(L.height, 1.0f)));
    // The end of the content (as laid out now, not last frame's scroll range) is inside the view.
    g.scrolled_to_end = origin.y + L.height <= clip1.y + 1;
    // Load the next page before the end comes into view.
    const float scroll = ImGui::GetScrollY(), view_h = ImGui::GetWindowHeight();
    if (!pager.done && !pager.loading && pager.error.ok() && scroll + view_h * 2 > L.height) s.pins.load_more(g);
    if (pager.items.empty() && pager.done) ImGui::TextDisabled("No pins here yet.");
    ImGui::EndChild();

    // Footer: progress and an explicit Load more (keyboard users, tests).
    ImGui::Text("%zu pins%s", pager.items.size(), pager.done ? "" : " so far");
    if (pager.loading) {
        ImGui::SameLine();
        spinner("loading");
    } else if (!pager.done && pager.error.ok()) {
        ImGui::SameLine();
        if (button(s, "Load more")) s.pins.load_more(g);
    }
    if (s.images.loading()) {
        ImGui::SameLine();
        ImGui::TextDisabled("· %zu images loading", s.images.in_flight() + s.images.queued());
    }
}

void view_board(AppState& s) {
    const std::string bid = s.nav.board_id;
    auto it = s.boards.cache.find(bid);
    const Board* b = it == s.boards.cache.end() ? nullptr : &it->second;
    // The toolbar wraps where the next control does not fit (a phone's 390 px), never past the edge.
    auto next = [](const char* label) {
        same_line_or_wrap(ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2);
    };
    if (button(s, "Back")) s.go(Nav{Route::Boards});
    const char* title = b ? b->name.c_str() : "Board";
    same_line_or_wrap(ImGui::CalcTextSize(title).x * 1.3f);
    large_text(title);
    if (b) {
        // The name and the description are values: a click offers Copy value and Copy JSON path.
        s.bridge.item("value:$.name");
        if (value_clicked()) request_value_menu(s.boards.values, b->name, "$.name");
        std::string facts = b->privacy.value_or("PUBLIC") + " · " +
                            (b->pin_count ? std::to_string(*b->pin_count) : std::string("?")) + " pins";
        same_line_or_wrap(ImGui::CalcTextSize(facts.c_str()).x);
        ImGui::TextDisabled("%s", facts.c_str());
        next("Edit board");
        if (button(s, "Edit board")) open_board_form(s, b);
        next("Delete board");
        if (button(s, "Delete board")) ImGui::OpenPopup("Delete board?");
        next("New section");
        if (button(s, "New section")) {
            s.boards.section_form_open = !s.boards.section_form_open;
            s.boards.section_focus = s.boards.section_form_open;
            s.boards.section_name.clear();
        }
        next("New pin here");
        if (button(s, "New pin here")) {
            s.pins.create.board_id = bid;
            s.pins.create.section_id = s.nav.section_id;
            s.go(Nav{Route::Create});
        }
        if (b->description && !b->description->empty()) {
            ImGui::TextDisabled("%s", b->description->c_str());
            s.bridge.item("value:$.description");
            if (value_clicked()) request_value_menu(s.boards.values, *b->description, "$.description");
        }
        value_menu(s, s.boards.values, "##board-value");
        int r = confirm_dialog(s, "Delete board?",
                               "Delete the board \"" + b->name + "\" and all its pins? This cannot be undone.",
                               "Confirm delete");
        if (r == 1) s.boards.remove(s, bid);
    }
    if (s.boards.section_form_open) {
        ImGui::SetNextItemWidth(std::min(px(260), ImGui::GetContentRegionAvail().x));
        if (s.boards.section_focus) {
            ImGui::SetKeyboardFocusHere();
            s.boards.section_focus = false;
        }
        // Enter in the field creates it, as the button does.
        bool enter = ImGui::InputTextWithHint("##section", "Section name", &s.boards.section_name,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
        s.bridge.item("input:Section name");
        next("Create section");
        if ((button(s, "Create section") || enter) && !s.boards.section_name.empty()) {
            s.boards.create_section(s, bid, s.boards.section_name);
            s.boards.section_form_open = false;
        }
    }
    // Sections as tabs ("All pins" first).
    bool first_tab = true;
    auto tab = [&](const std::string& label, const std::string& sid) {
        if (!first_tab) next(label.c_str());
        first_tab = false;
        bool active = s.nav.section_id == sid;
        if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
        ImGui::PushID(sid.c_str());
        bool clicked = ImGui::Button(label.c_str());
        s.bridge.item("tab:" + label);
        ImGui::PopID();
        if (active) ImGui::PopStyleColor();
        if (clicked && !active) s.go(Nav{Route::Board, bid, sid});
    };
    const BoardSection* shown = nullptr;  // the section whose tab is active
    if (s.boards.sections_board == bid && !s.boards.sections.items.empty()) {
        tab("All pins", "");
        for (const auto& sec : s.boards.sections.items) {
            tab(sec.name, sec.id);
            if (sec.id == s.nav.section_id) shown = &sec;
        }
        if (shown) {  // actions on the section shown: rename (inline form) and delete (confirmed)
            next("|");
            ImGui::TextDisabled("|");
            next("Rename section");
            if (button(s, "Rename section")) {
                s.boards.section_rename_open = !s.boards.section_rename_open;
                s.boards.section_rename = shown->name;
            }
            next("Delete section");
            if (button(s, "Delete section")) ImGui::OpenPopup("Delete section?");
        }
    }
    if (shown) {
        const std::string sid = shown->id, name = shown->name;
        if (s.boards.section_rename_open) {
            ImGui::SetNextItemWidth(std::min(px(260), ImGui::GetContentRegionAvail().x));
            bool enter = ImGui::InputTextWithHint("##secrename", "New section name", &s.boards.section_rename,
                                                  ImGuiInputTextFlags_EnterReturnsTrue);
            s.bridge.item("input:New section name");
            next("Save section");
            bool save = button(s, "Save section") || enter;
            if (save && !s.boards.section_rename.empty() && s.boards.section_rename != name)
                s.boards.rename_section(s, bid, sid, s.boards.section_rename);
            if (s.boards.section_rename.empty()) {
                ImGui::SameLine();
                ImGui::TextDisabled("A section needs a name.");
            }
        }
        int r = confirm_dialog(s, "Delete section?",
                               "Delete the section \"" + name + "\" and the pins in it? This cannot be undone.",
                               "Confirm delete");
        if (r == 1) s.boards.delete_section(s, bid, sid);
    } else {
        s.boards.section_rename_open = false;
    }
    pin_grid(s, s.pins.grid, "##grid");
    board_form_popup(s);
}

namespace {
// A new pin most likely belongs where the user just was (the create form's default board).
void board_enter(AppState& s) {
    s.pins.last_board_id = s.nav.board_id;
    s.pins.last_section_id = s.nav.section_id;
    s.pins.open_grid_for_nav(s);
}
}  // namespace

// The board's grid is the Pins module's, polled and reset with All pins.
extern const ViewDef kBoardView{Route::Board, "board", "Board", nullptr, NavGroup::None, Route::Boards,
                                SignedOut::AsksToSignIn, false, &view_board, &board_enter, nullptr, nullptr, nullptr,
                                nullptr};

}  // namespace pinlab::app
