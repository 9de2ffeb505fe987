// businesses.cpp — the two business lists and the partner pager.
#include "app/businesses.h"

#include "app/services.h"
#include "core/text.h"

namespace pinlab::app {

void Businesses::load(Services& s) {
    Client* c = s.client();
    if (!c) return;
    started = true;
    linked = c->list_linked_businesses();
    employers = c->list_business_employers();
    // Failures are shown in the view with their hint (a missing biz_access:read scope, the sandbox).
    s.calls.track<LinkedBusinesses>(linked, {}, [](const ApiError&) {});
    s.calls.track<Paginated<BusinessRoleBinding>>(employers, [this, &s](Paginated<BusinessRoleBinding>& e) {
        if (business_id.empty())
            for (const auto& b : e.items)
                if (!b.business_roles.empty() && b.business_roles[0] == "BIZ_ADMIN") {
                    business_id = b.id;
                    break;
                }
        if (business_id.empty() && !e.items.empty()) business_id = e.items[0].id;
        if (!business_id.empty() && !searched) search(s);
    }, [](const ApiError&) {});
}

void Businesses::search(Services& s) {
    Client* c = s.client();
    if (!c || business_id.empty()) return;
    PartnerQuery q;
    static const char* types[] = {"", "INTERNAL", "EXTERNAL"};
    q.partner_type = types[partner_type < 0 || partner_type > 2 ? 0 : partner_type];
    for (auto& id : split(partner_ids, ',')) {
        std::string t = id;
        while (!t.empty() && t.front() == ' ') t.erase(t.begin());
        while (!t.empty() && t.back() == ' ') t.pop_back();
        if (!t.empty()) q.partner_ids.push_back(t);
    }
    q.assets_summary = true;
    searched = true;
    partners = c->partners_pager(business_id, q);
    partners.load_more();
}

void Businesses::poll(Services& s) {
    // A failed page is shown in the view (a 403 for a business the user is not an admin of is an answer).
    partners.poll();
    (void)s;
}

}  // namespace pinlab::app
