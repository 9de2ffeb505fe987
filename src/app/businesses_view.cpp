// businesses_view.cpp — the businesses the user can act for (linked accounts, and the employers list
// with the user's role and the business id), and partner search in the chosen business: type, ids,
// a filter over the usernames loaded, paged with "Load more".
#include <imgui.h>

#include <cstdio>

#include "app/state.h"
#include "app/views.h"
#include "app/ui/widgets.h"
#include "core/text.h"

namespace pinlab::app {

void view_businesses(AppState& s) {
    Businesses& b = s.businesses;
    large_text("Businesses");
    ImGui::BeginChild("##biz", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);
    ImGui::TextUnformatted("Businesses you can act for");
    if (b.linked && b.linked->pending()) spinner("loading…");
    if (b.linked && b.linked->failed()) error_box(s, b.linked->error, false);
    if (b.employers && b.employers->failed() && !(b.linked && b.linked->failed())) error_box(s, b.employers->error, false);
    if (b.linked && b.linked->done() && b.linked->value) {
        const float icon = px(40);
        for (const auto& l : b.linked->value->items) {
            ImGui::PushID(l.username.c_str());
            ImVec2 a = ImGui::GetCursorScreenPos();
            if (l.image_small_url) image_cover(s, *l.image_small_url, a, ImVec2(a.x + icon, a.y + icon), ImGui::GetColorU32(ImGuiCol_FrameBg), icon / 2);
            ImGui::Dummy(ImVec2(icon, icon));
            ImGui::SameLine();
            ImGui::BeginGroup();
            ImGui::TextUnformatted(("@" + l.username).c_str());
            // The employers list has the id and the role; match it by username.
            const BusinessRoleBinding* role = nullptr;
            if (b.employers && b.employers->value)
                for (const auto& e : b.employers->value->items)
                    if (e.user && e.user->username && *e.user->username == l.username) role = &e;
            if (role) ImGui::TextDisabled("%s · id %s", role->business_roles.empty() ? "?" : join(role->business_roles, ", ").c_str(), role->id.c_str());
            else ImGui::TextDisabled("linked account");
            ImGui::EndGroup();
            if (role) {
                same_line_or_wrap(ImGui::CalcTextSize("Search its partners").x + px(24));
                bool chosen = b.business_id == role->id;
                ImGui::BeginDisabled(chosen);
                if (button(s, chosen ? "Chosen" : "Search its partners")) {
                    b.business_id = role->id;
                    b.search(s);
                }
                ImGui::EndDisabled();
            }
            s.bridge.item("business:" + l.username);
            ImGui::PopID();
        }
        ImGui::TextDisabled("GET /user_account/businesses, GET /businesses/employers");
    }
    ImGui::Separator();
    ImGui::TextWrapped("Partners of business %s (GET /businesses/{id}/partners)", b.business_id.empty() ? "—" : b.business_id.c_str());
    static const char* types[] = {"Any partner", "INTERNAL (you share with them)", "EXTERNAL (they share with you)"};
    ImGui::SetNextItemWidth(std::min(px(300), ImGui::GetContentRegionAvail().x));
    ImGui::Combo("##ptype", &b.partner_type, types, 3);
    s.bridge.item("combo:Partner type");
    input(s, "Partner ids (comma-separated, optional)", b.partner_ids, 0, "e.g. 1089446411800000003");
    bool enter = submitted_with_enter();
    ImGui::BeginDisabled(b.business_id.empty());
    if (primary_button(s, "Search partners") || (enter && !b.business_id.empty())) b.search(s);
    ImGui::EndDisabled();
    if (b.searched) {
        input(s, "Filter by name (loaded partners)", b.filter, 0, "part of a username");
        std::string f = ascii_lower(b.filter);
        int shown = 0;
        for (const auto& p : b.partners.items) {
            std::string name = p.user && p.user->username ? *p.user->username : p.id;
            if (f.empty() || ascii_lower(name).find(f) != std::string::npos) ++shown;
        }
        char count[96];
        std::snprintf(count, sizeof count, "%d shown of %zu loaded%s", shown, b.partners.items.size(),
                      b.partners.done ? " (all)" : "");
        load_more_row(s, b.partners, [&] { b.more(); }, PageRow{"Load more", true, true, count});
        for (const auto& p : b.partners.items) {
            std::string name = p.user && p.user->username ? *p.user->username : p.id;
            if (!f.empty() && ascii_lower(name).find(f) == std::string::npos) continue;
            ImGui::PushID(p.id.c_str());
            ImGui::TextUnformatted(("@" + name).c_str());
            ImGui::SameLine();
            ImGui::TextDisabled("%s · %s · id %s", p.is_shared_partner.value_or(false) ? "EXTERNAL" : "INTERNAL",
                                p.user && p.user->email ? p.user->email->c_str() : "", p.id.c_str());
            s.bridge.item("partner:" + name);
            ImGui::PopID();
        }
        load_more_row(s, b.partners, [&] { b.more(); }, PageRow{"Load more##bottom", false, false, ""});
    }
    ImGui::EndChild();
}

namespace deferred {  // the view's code arrives later (views.h)
void businesses_draw(AppState& s) { view_businesses(s); }
void businesses_enter(AppState& s) {
    if (!s.businesses.started) s.businesses.load(s);
}
void businesses_poll(AppState& s, bool late) {
    if (late) s.businesses.poll(s);
}
bool businesses_busy(const AppState& s) { return s.businesses.busy(); }
void businesses_reset(AppState& s) { s.businesses.reset(); }
}  // namespace deferred

extern const ViewDef kBusinessesView{Route::Businesses, "businesses", "Businesses", "Businesses", NavGroup::More,
                                     Route::Businesses, SignedOut::AsksToSignIn, true, &deferred::businesses_draw,
                                     &deferred::businesses_enter, &deferred::businesses_poll,
                                     &deferred::businesses_busy, &deferred::businesses_reset, nullptr};

}  // namespace pinlab::app
