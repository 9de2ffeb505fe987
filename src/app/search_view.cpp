// search_view.cpp — search the signed-in user's own pins and boards (search/pins, search/boards).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "app/state.h"
#include "app/views.h"
#include "app/ui/widgets.h"

namespace pinlab::app {

void view_search(AppState& s) {
    ImGui::SetNextItemWidth(std::min(px(360), ImGui::GetContentRegionAvail().x));
    if (s.search.focus_query) {  // opened to type in: the first keys go to the field
        ImGui::SetKeyboardFocusHere();
        s.search.focus_query = false;
    }
    bool go = ImGui::InputTextWithHint("##q", "Search your pins and boards", &s.search.query,
                                       ImGuiInputTextFlags_EnterReturnsTrue);
    s.bridge.item("input:Search");
    same_line_or_wrap(ImGui::CalcTextSize("Search").x + ImGui::GetStyle().FramePadding.x * 2);
    go = primary_button(s, "Search") || go;
    if (go) s.search.run(s);
    if (!s.search.searched) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("Searches your own pins and boards (GET /search/pins, /search/boards).");
        ImGui::PopTextWrapPos();
        return;
    }
    ImGui::TextDisabled("Boards (%zu)%s", s.search.boards.items.size(), s.search.boards.loading ? " …" : "");
    if (!s.search.boards.items.empty()) {
        ImGui::BeginChild("##boardresults", ImVec2(0, px(210)), false, ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_NavFlattened);
        board_cards(s, s.search.boards.items, "board-result:");
        ImGui::EndChild();
    }
    ImGui::TextDisabled("Pins");
    pin_grid(s, s.search.pins, "##searchgrid");
}

namespace deferred {  // the view's code arrives later (views.h)
void search_draw(AppState& s) { view_search(s); }
void search_enter(AppState& s) { s.search.focus_query = true; }
void search_poll(AppState& s, bool late) {
    if (late) s.search.poll(s);
}
bool search_busy(const AppState& s) { return s.search.busy(); }
void search_reset(AppState& s) {
    s.search.pins = {};
    s.search.boards = {};
}
}  // namespace deferred

extern const ViewDef kSearchView{Route::Search, "search", "Search", "Search", NavGroup::Bar, Route::Search,
                                 SignedOut::AsksToSignIn, true, &deferred::search_draw, &deferred::search_enter,
                                 &deferred::search_poll,
                                 &deferred::search_busy, &deferred::search_reset, nullptr};

}  // namespace pinlab::app
