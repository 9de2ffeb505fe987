// boards_view.cpp — the boards grid (cover, name, privacy, pin count) and the board form popup
// shared with the board view (create and edit).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>

#include "app/state.h"
#include "app/views.h"
#include "app/ui/widgets.h"

namespace pinlab::app {

namespace {
const char* kPrivacy[] = {"PUBLIC", "SECRET", "PROTECTED"};
}

void board_form_popup(AppState& s) {
    BoardForm& f = s.boards.form;
    const char* id = "Board##form";
    if (f.open && !ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
    dialog_placement(460);
    if (!ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize))
        return;
    ImGui::TextUnformatted(f.id.empty() ? "New board" : "Edit board");
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();  // opened to type in: the name takes the keys
    counted_input(s, "Board name", f.name, 180);
    const bool enter = submitted_with_enter();  // Enter in the name saves, as in any form
    counted_input(s, "Board description", f.description, 500, true);
    ImGui::TextUnformatted("Privacy");
    ImGui::SetNextItemWidth(std::min(px(200), ImGui::GetContentRegionAvail().x));
    ImGui::Combo("##privacy", &f.privacy, kPrivacy, f.id.empty() ? 3 : 2);
    s.bridge.item("combo:Privacy");
    ImGui::Spacing();
    if (!f.error.ok()) error_box(s, f.error, false);  // what the API said; the typed text stays
    ImGui::BeginDisabled(f.saving);
    bool save = primary_button(s, f.saving ? "Saving…###Save board" : "Save board") || (enter && !f.saving);
    ImGui::EndDisabled();
    if (save) {
        if (f.id.empty()) {
            BoardCreate b;
            b.name = f.name;
            if (!f.description.empty()) b.description = f.description;
            b.privacy = kPrivacy[f.privacy];
            s.boards.create(s, b);
        } else {
            BoardUpdate u;
            u.name = f.name;
            u.description = f.description;
            u.privacy = kPrivacy[std::min(f.privacy, 1)];
            s.boards.update(s, f.id, u);
        }
        // The dialog closes when the save succeeds (Boards resets the form); a failure keeps it open.
    }
    ImGui::SameLine();
    if (button(s, "Cancel") || escape_pressed()) f = {};
    if (!f.open) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void open_board_form(AppState& s, const Board* b) {
    BoardForm& f = s.boards.form;
    f = {};
    f.open = true;
    if (b) {
        f.id = b->id;
        f.name = b->name;
        f.description = b->description.value_or("");
        f.privacy = b->privacy && *b->privacy == "SECRET" ? 1 : 0;
    }
}

// A board card: cover (or the first pin thumbnails), name, privacy and pin count.
static void board_card(AppState& s, const Board& b, float w, const char* label_prefix) {
    const float cover_h = std::round(w * 0.66f);
    const float text_h = ImGui::GetTextLineHeightWithSpacing() * 2;
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushID(b.id.c_str());
    bool clicked = ImGui::InvisibleButton("##board", ImVec2(w, cover_h + text_h + px(6)));
    s.bridge.item(std::string(label_prefix) + b.name);
    bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    if (!ImGui::IsItemVisible()) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 ph = IM_COL32(110, 110, 120, 255);
    ImVec2 c0 = p, c1(p.x + w, p.y + cover_h);
    const float r = px(10);
    std::string cover = b.media && b.media->image_cover_url ? *b.media->image_cover_url : "";
    if (!cover.empty()) {
        image_cover(s, cover, c0, c1, ph, r);
    } else if (b.media && !b.media->pin_thumbnail_urls.empty()) {
        size_t n = std::min<size_t>(3, b.media->pin_thumbnail_urls.size());
        float tw = (w - px(2) * (n - 1)) / n;
        for (size_t i = 0; i < n; ++i) {
            ImVec2 a(p.x + i * (tw + px(2)), p.y);
            image_cover(s, b.media->pin_thumbnail_urls[i], a, ImVec2(a.x + tw, c1.y), ph, r * 0.5f);
        }
    } else {
        dl->AddRectFilled(c0, c1, ph, r);
        dl->AddText(ImVec2(p.x + px(10), p.y + cover_h * 0.5f - px(8)), IM_COL32(235, 235, 240, 255), "No pins yet");
    }
    if (hovered) dl->AddRect(c0, c1, ImGui::GetColorU32(ImGuiCol_PlotLines), r, 0, px(2));
    dl->PushClipRect(ImVec2(p.x, c1.y), ImVec2(p.x + w, c1.y + text_h + px(6)), true);
    // A long name ends in "…" at a word break; the whole name is in the tooltip.
    const std::string shown = ellipsize(b.name, w - px(4));
    dl->AddText(ImVec2(p.x + px(2), c1.y + px(4)), ImGui::GetColorU32(ImGuiCol_Text), shown.c_str());
    if (hovered && shown != b.name) ImGui::SetTooltip("%s", b.name.c_str());
    std::string meta = b.privacy.value_or("PUBLIC") + " · " +
                       (b.pin_count ? std::to_string(*b.pin_count) + " pins" : std::string("? pins"));
    dl->AddText(ImVec2(p.x + px(2), c1.y + px(4) + ImGui::GetTextLineHeightWithSpacing()),
                ImGui::GetColorU32(ImGuiCol_TextDisabled), meta.c_str());
    dl->PopClipRect();
    if (clicked) s.go(Nav{Route::Board, b.id});
}

void board_cards(AppState& s, const std::vector<Board>& boards, const char* label_prefix) {
    const float gap = px(14);
    float avail = ImGui::GetContentRegionAvail().x;
    int cols = std::max(1, static_cast<int>((avail + gap) / (px(220) + gap)));
    float w = std::floor((avail - gap * (cols - 1)) / cols);
    for (size_t i = 0; i < boards.size(); ++i) {
        if (i % cols != 0) ImGui::SameLine(0, gap);
        board_card(s, boards[i], w, label_prefix);
    }
}

void view_boards(AppState& s) {
    large_text("Your boards");
    ImGui::SameLine(0, px(16));
    if (button(s, "New board")) open_board_form(s, nullptr);
    ImGui::SameLine();
    if (button(s, "Reload")) s.boards.load(s, true);
    const Boards& bs = s.boards;
    if (bs.list.loading || bs.reload.loading) {
        ImGui::SameLine();
        spinner("loading boards");
    }
    // The count says what is known: nothing yet while the first page loads; the boards shown while a reload runs.
    if (bs.list.items.empty() && (bs.list.loading || !bs.started)) ImGui::TextDisabled("Loading boards…");
    else if (bs.list.items.empty() && !bs.list.error.ok()) ImGui::TextDisabled("Boards could not be loaded (the error is below).");
    else if (bs.reloading && !bs.reload.error.ok())
        ImGui::TextDisabled("%zu boards (as loaded before: the reload failed)", bs.list.items.size());
    else if (bs.reloading) ImGui::TextDisabled("%zu boards (reloading…)", bs.list.items.size());
    else ImGui::TextDisabled("%zu boards%s", bs.list.items.size(), bs.list.done ? "" : " so far");
    ImGui::BeginChild("##boards", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);
    if (s.boards.list.items.empty() && s.boards.list.done) ImGui::TextDisabled("No boards yet. Create one with \"New board\".");
    board_cards(s, s.boards.list.items, "board:");
    ImGui::EndChild();
    board_form_popup(s);
}

namespace {
void boards_enter(AppState& s) {
    if (!s.boards.started) s.boards.load(s, true);
}
void boards_poll(AppState& s, bool late) {
    if (late) s.boards.poll(s);
}
bool boards_busy(const AppState& s) { return s.boards.busy(); }
void boards_reset(AppState& s) { s.boards.reset(); }
}  // namespace

extern const ViewDef kBoardsView{Route::Boards, "boards", "Boards", "Boards", NavGroup::Bar, Route::Boards,
                                 SignedOut::AsksToSignIn, false, &view_boards, &boards_enter, &boards_poll,
                                 &boards_busy, &boards_reset, nullptr};

}  // namespace pinlab::app
