// websites.cpp — the websites pager, the code, verify and unverify (each reloads the list).
#include "app/websites.h"

#include "app/services.h"

namespace pinlab::app {

void Websites::load(Services& s) {
    Client* c = s.client();
    if (!c) return;
    started = true;
    list = c->websites_pager();
    list.load_more();
    code = c->get_website_verification();
    s.calls.track<WebsiteVerificationCode>(code, {}, [](const ApiError&) {});  // shown in the view
}

void Websites::verify(Services& s) {
    Client* c = s.client();
    if (!c || (verify_call && verify_call->pending())) return;
    std::string w = website;
    while (!w.empty() && w.back() == ' ') w.pop_back();
    while (!w.empty() && w.front() == ' ') w.erase(w.begin());
    verify_error = {};
    verify_call = c->verify_website(w, kMethods[method < 0 || method > 2 ? 0 : method]);
    s.notices.set_status("Verifying " + w + "…");
    s.calls.track<UserWebsite>(
        verify_call,
        [this, &s](UserWebsite& x) {
            s.notices.toast(x.website + " verified");
            s.notices.set_status(x.website + " verified");
            if (website == x.website) website.clear();
            if (Client* cl = s.client()) {
                list = cl->websites_pager();
                list.load_more();
            }
        },
        [this, &s](const ApiError& e) {
            verify_error = e;  // next to the form; what was typed stays
            s.notices.set_status("Verification failed");
        });
}

void Websites::unverify(Services& s, const std::string& site) {
    Client* c = s.client();
    if (!c || !removing.empty()) return;
    removing = site;
    auto h = c->unverify_website(site);
    s.notices.set_status("Unverifying " + site + "…");
    s.calls.track<Empty>(
        h,
        [this, &s, site](Empty&) {
            removing.clear();
            s.notices.toast(site + " is no longer verified");
            s.notices.set_status(site + " unverified");
            if (Client* cl = s.client()) {
                list = cl->websites_pager();
                list.load_more();
            }
        },
        [this, &s](const ApiError& e) {
            removing.clear();
            s.notices.set_error(e);
        });
}

void Websites::poll(Services& s) { s.calls.poll_pager(list, [this] { list.load_more(); }); }

}  // namespace pinlab::app
