// network_view.cpp — followers, following and followed boards in tabs, each paged with "Load more";
// a username field to follow someone ("Follow back" on a follower). The API has no unfollow, said so.
#include <imgui.h>

#include "app/state.h"
#include "app/views.h"
#include "app/ui/widgets.h"

namespace pinlab::app {

namespace {

void tab_button(AppState& s, const char* label, const char* name, int tab) {
    Network& n = s.network;
    bool active = n.tab == tab;
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
    if (ImGui::Button(label)) n.tab = tab;
    s.bridge.item(std::string("tab:") + name);
    if (active) ImGui::PopStyleColor();
}

// "Load more" with the count, or "All N loaded", and the page error with Retry (p is the current tab's list).
// Above the list (always in view) and again below it.
template <class T>
void pager_footer(AppState& s, const Pager<T>& p, const char* what, bool bottom) {
    ImGui::Spacing();
    char count[128];
    std::snprintf(count, sizeof count, "%s%zu %s loaded (%d page%s)", p.done ? "All " : "", p.items.size(), what,
                  p.pages, p.pages == 1 ? "" : "s");
    PageRow row{bottom ? "Load more##bottom" : "Load more", !bottom, true, count};
    load_more_row(s, p, [&] { s.network.more(); }, row);
}

void user_rows(AppState& s, Pager<UserSummary>& p, bool offer_follow) {
    const float row_h = std::max(ImGui::GetFrameHeight(), ImGui::GetTextLineHeight() * 1.6f);
    for (const auto& u : p.items) {
        ImGui::PushID(u.username.c_str());
        ImGui::AlignTextToFramePadding();
        ImGui::Text("@%s", u.username.c_str());
        s.bridge.item("user:" + u.username);
        if (offer_follow) {
            bool followed = s.network.following_user(u.username);
            float w = ImGui::CalcTextSize("Follow back").x + ImGui::GetStyle().FramePadding.x * 2;
            ImGui::SameLine(std::max(ImGui::GetCursorPosX() + px(12), ImGui::GetContentRegionMax().x - w));
            if (followed) {
                ImGui::TextDisabled("Following");
            } else if (button(s, "Follow back")) {
                s.network.follow(s, u.username);
            }
        }
        ImGui::Dummy(ImVec2(0, row_h - ImGui::GetFrameHeight()));
        ImGui::Separator();
        ImGui::PopID();
    }
}

void board_rows(AppState& s, Pager<Board>& p) {
    const float thumb = px(56);
    for (const auto& b : p.items) {
        ImGui::PushID(b.id.c_str());
        ImVec2 a = ImGui::GetCursorScreenPos();
        std::string cover = b.media && b.media->image_cover_url ? *b.media->image_cover_url : "";
        if (!cover.empty()) image_cover(s, cover, a, ImVec2(a.x + thumb, a.y + thumb), ImGui::GetColorU32(ImGuiCol_FrameBg), px(6));
        ImGui::Dummy(ImVec2(thumb, thumb));
        ImGui::SameLine();
        ImGui::BeginGroup();
        ImGui::TextUnformatted(b.name.c_str());
        ImGui::TextDisabled("by @%s · %s pins · %s followers", b.owner_username.value_or("?").c_str(),
                            human_count(b.pin_count.value_or(0)).c_str(), human_count(b.follower_count.value_or(0)).c_str());
        ImGui::EndGroup();
        s.bridge.item("followed-board:" + b.name);
        ImGui::Separator();
        ImGui::PopID();
    }
}

}  // namespace

void view_network(AppState& s) {
    Network& n = s.network;
    large_text("Followers and following");
    char a[64], b[64];
    std::snprintf(a, sizeof a, "Followers (%zu%s)###followers", n.followers.items.size(), n.followers.done ? "" : "+");
    std::snprintf(b, sizeof b, "Following (%zu%s)###following", n.following.items.size(), n.following.done ? "" : "+");
    tab_button(s, a, "Followers", Network::Followers);
    ImGui::SameLine();
    tab_button(s, b, "Following", Network::Following);
    same_line_or_wrap(ImGui::CalcTextSize("Boards you follow").x + px(24));
    tab_button(s, "Boards you follow", "Boards you follow", Network::Boards);

    // Follow by username.
    ImGui::Spacing();
    ImGui::BeginChild("##followform", ImVec2(std::min(ImGui::GetContentRegionAvail().x, px(420)),
                                             ImGui::GetTextLineHeightWithSpacing() + ImGui::GetFrameHeightWithSpacing() + px(4)),
                      false, ImGuiWindowFlags_NavFlattened | ImGuiWindowFlags_NoScrollbar);
    input(s, "Follow a user", n.follow_name, 0, "username");
    bool enter = submitted_with_enter();
    ImGui::EndChild();
    bool pending = n.follow_call && n.follow_call->pending();
    ImGui::BeginDisabled(pending);
    if (primary_button(s, "Follow") || (enter && !pending)) n.follow(s, n.follow_name);
    ImGui::EndDisabled();
    if (!n.follow_error.ok()) error_box(s, n.follow_error, false);
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("POST /user_account/following/{username}. The API has no unfollow: do that on pinterest.com.");
    ImGui::PopTextWrapPos();
    ImGui::Separator();

    ImGui::BeginChild("##network_list", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);
    if (n.tab == Network::Followers) {
        ImGui::TextDisabled("Who follows you (GET /user_account/followers)");
        pager_footer(s, n.followers, "followers", false);
        user_rows(s, n.followers, true);
        pager_footer(s, n.followers, "followers", true);
    } else if (n.tab == Network::Following) {
        ImGui::TextDisabled("Who you follow, newest first (GET /user_account/following)");
        pager_footer(s, n.following, "accounts", false);
        user_rows(s, n.following, false);
        pager_footer(s, n.following, "accounts", true);
    } else {
        ImGui::TextDisabled("Boards you follow (GET /user_account/following/boards)");
        pager_footer(s, n.boards, "boards", false);
        board_rows(s, n.boards);
        pager_footer(s, n.boards, "boards", true);
    }
    ImGui::EndChild();
}

namespace deferred {  // the view's code arrives later (views.h)
void network_draw(AppState& s) { view_network(s); }
void network_enter(AppState& s) {
    if (!s.network.started) s.network.load(s);
}
void network_poll(AppState& s, bool late) {
    if (late) s.network.poll(s);
}
bool network_busy(const AppState& s) { return s.network.busy(); }
void network_reset(AppState& s) { s.network.reset(); }
}  // namespace deferred

extern const ViewDef kNetworkView{Route::Network, "people", "Followers", "Followers", NavGroup::More, Route::Network,
                                  SignedOut::AsksToSignIn, true, &deferred::network_draw, &deferred::network_enter,
                                  &deferred::network_poll, &deferred::network_busy, &deferred::network_reset, nullptr};

}  // namespace pinlab::app
