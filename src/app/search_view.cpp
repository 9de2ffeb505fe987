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

}  // namespace pinlab::app
