// businesses.h — the businesses the user can act for (user_account/businesses: linked accounts;
// businesses/employers: the ids and the user's role in each) and partner search in one of them
// (businesses/{id}/partners: by type and ids, paged), with a name filter over what is loaded.
#pragma once

#include <string>

#include "core/client.h"

namespace pinlab::app {

struct Services;

struct Businesses {
    Handle<LinkedBusinesses> linked;
    Handle<Paginated<BusinessRoleBinding>> employers;
    bool started = false;
    std::string business_id;  // the business whose partners are searched
    int partner_type = 0;     // 0 any, 1 INTERNAL, 2 EXTERNAL
    std::string partner_ids;  // comma-separated, as typed
    std::string filter;       // over loaded partners' usernames (the API has no name search)
    Pager<BusinessRoleBinding> partners;
    bool searched = false;

    void load(Services& s);
    void search(Services& s);
    void more() { partners.load_more(); }  // the next page of partners (or its failed page again)
    void poll(Services& s);
    bool busy() const { return partners.loading; }
    void reset() { *this = Businesses{}; }
};

}  // namespace pinlab::app
