// profile_view.cpp — the signed-in account: picture, username, account type, website, counts,
// monthly views and about.
#include <imgui.h>

#include "app/state.h"
#include "app/views.h"
#include "app/ui/widgets.h"

namespace pinlab::app {

void view_profile(AppState& s) {
    if (!s.profile.account) {
        if (s.profile.call && s.profile.call->pending()) spinner("Loading your account…");
        else if (button(s, "Load account")) s.profile.load(s);
        return;
    }
    const Account& a = *s.profile.account;
    const float pic = px(112);
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(pic, pic));
    image_cover(s, a.profile_image.value_or(""), p, ImVec2(p.x + pic, p.y + pic), IM_COL32(120, 120, 130, 255),
                pic * 0.5f);
    ImGui::SameLine(0, px(20));
    ImGui::BeginGroup();
    ImGui::SetWindowFontScale(1.5f);
    ImGui::Text("@%s", a.username.value_or("(no username)").c_str());
    ImGui::SetWindowFontScale(1.0f);
    if (a.business_name) ImGui::TextUnformatted(a.business_name->c_str());
    ImGui::TextDisabled("%s account", a.account_type.value_or("unknown").c_str());
    if (a.website_url && !a.website_url->empty()) {
        if (ImGui::SmallButton(a.website_url->c_str())) s.platform.open_new_tab(*a.website_url);
        s.bridge.item("button:Website");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Opens in a new tab");
    }
    ImGui::EndGroup();
    ImGui::Spacing();
    if (ImGui::BeginTable("##counts", 5, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchSame)) {
        const std::pair<const char*, std::optional<int64_t>> counts[] = {{"Followers", a.follower_count},
                                                                         {"Following", a.following_count},
                                                                         {"Boards", a.board_count},
                                                                         {"Pins", a.pin_count},
                                                                         {"Monthly views", a.monthly_views}};
        for (const auto& [label, v] : counts) {
            ImGui::TableNextColumn();
            large_text(v ? human_count(*v).c_str() : "—");
            ImGui::TextDisabled("%s", label);
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    if (a.about && !a.about->empty()) {
        ImGui::TextUnformatted("About");
        ImGui::TextWrapped("%s", a.about->c_str());
    }
    ImGui::Spacing();
    if (button(s, "Reload")) s.profile.load(s);
}

namespace {
void profile_enter(AppState& s) {
    if (!s.profile.account && !s.profile.call) s.profile.load(s);
}
void profile_reset(AppState& s) { s.profile = {}; }
}  // namespace

extern const ViewDef kProfileView{Route::Profile, "profile", "Profile", "Profile", NavGroup::Bar, Route::Profile,
                                  SignedOut::AsksToSignIn, false, &view_profile, &profile_enter, nullptr, nullptr,
                                  &profile_reset, nullptr};

}  // namespace pinlab::app
