// websites_view.cpp — the verification code to put on the site (meta tag, file or DNS record, each with
// Copy), the verify form (website + method; what was typed stays when it fails, with the API's reason),
// and the verified websites with Unverify.
#include <imgui.h>

#include "app/state.h"
#include "app/views.h"
#include "app/ui/widgets.h"

namespace pinlab::app {

namespace {

void copy_row(AppState& s, const char* label, const opt_str& value) {
    if (!value || value->empty()) return;
    ImGui::PushID(label);
    ImGui::TextDisabled("%s", label);
    if (button(s, "Copy")) {
        s.platform.set_clipboard(*value);
        s.notices.toast(std::string(label) + " copied");
    }
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(value->c_str());
    ImGui::PopTextWrapPos();
    s.bridge.item(std::string("code:") + label);
    ImGui::PopID();
}

}  // namespace

void view_websites(AppState& s) {
    Websites& w = s.websites;
    large_text("Websites");
    ImGui::BeginChild("##websites", ImVec2(std::min(ImGui::GetContentRegionAvail().x, px(760)), 0), false,
                      ImGuiWindowFlags_NavFlattened);
    ImGui::TextWrapped("Claim a website: put the code on it one of three ways, then verify. Verified websites "
                       "show your profile on their pins.");
    ImGui::Spacing();
    ImGui::TextUnformatted("1. Your verification code (GET /user_account/websites/verification)");
    if (w.code && w.code->pending()) spinner("loading the code…");
    if (w.code && w.code->failed()) error_box(s, w.code->error, false);
    if (w.code && w.code->done() && w.code->value) {
        const auto& c = *w.code->value;
        copy_row(s, "Meta tag (METATAG, in the page's <head>)", c.metatag);
        copy_row(s, "File name (FILENAME, at the site's root)", c.filename);
        copy_row(s, "DNS TXT record (DNSTXT)", c.dns_txt_record);
    }
    ImGui::Spacing();
    ImGui::TextUnformatted("2. Verify (POST /user_account/websites)");
    input(s, "Website", w.website, 0, "mysite.com or mysite.com/shop (no https://)");
    bool enter = submitted_with_enter();
    ImGui::SetNextItemWidth(px(160));
    ImGui::Combo("##method", &w.method, Websites::kMethods, 3);
    s.bridge.item("combo:Method");
    ImGui::SameLine();
    bool pending = w.verify_call && w.verify_call->pending();
    ImGui::BeginDisabled(pending);
    if (primary_button(s, "Verify") || (enter && !pending)) w.verify(s);
    ImGui::EndDisabled();
    if (pending) {
        ImGui::SameLine();
        spinner("verifying…");
    }
    if (!w.verify_error.ok()) error_box(s, w.verify_error, false);
    if (s.demo()) ImGui::TextDisabled("Demo can reach *.example.com, *.example.org, *.example.net and *.test only.");
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted("Verified websites (GET /user_account/websites)");
    for (const auto& x : w.list.items) {
        ImGui::PushID(x.website.c_str());
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(x.website.c_str());
        s.bridge.item("website:" + x.website);
        ImGui::SameLine();
        ImGui::TextDisabled("%s%s%s", x.status.value_or("").c_str(), x.verified_at ? " · " : "",
                            x.verified_at.value_or("").c_str());
        same_line_or_wrap(ImGui::CalcTextSize("Unverify").x + px(24));
        ImGui::BeginDisabled(!w.removing.empty());
        if (button(s, "Unverify")) w.unverify(s, x.website);
        ImGui::EndDisabled();
        ImGui::PopID();
    }
    if (!w.list.loading && w.list.items.empty() && w.list.error.ok()) ImGui::TextDisabled("No verified websites.");
    load_more_row(s, w.list, [&] { w.more(); });
    ImGui::EndChild();
}

namespace deferred {  // the view's code arrives later (views.h)
void websites_draw(AppState& s) { view_websites(s); }
void websites_enter(AppState& s) {
    if (!s.websites.started) s.websites.load(s);
}
void websites_poll(AppState& s, bool late) {
    if (late) s.websites.poll(s);
}
bool websites_busy(const AppState& s) { return s.websites.busy(); }
void websites_reset(AppState& s) { s.websites.reset(); }
}  // namespace deferred

extern const ViewDef kWebsitesView{Route::Websites, "websites", "Websites", "Websites", NavGroup::More,
                                   Route::Websites, SignedOut::AsksToSignIn, true, &deferred::websites_draw,
                                   &deferred::websites_enter, &deferred::websites_poll, &deferred::websites_busy,
                                   &deferred::websites_reset, nullptr};

}  // namespace pinlab::app
