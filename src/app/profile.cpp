// profile.cpp — loads the account.
#include "app/profile.h"

#include "app/services.h"

namespace pinlab::app {

void Profile::load(Services& s) {
    Client* c = s.client();
    if (!c) return;
    call = c->get_user_account();
    s.calls.track<Account>(call, [this, &s](Account& a) {
        account = a;
        s.notices.set_status("Signed in as " + a.username.value_or("?"));
    }, [this, &s](const ApiError& e) { s.notices.set_error(e, [this, &s] { load(s); }); });
}

}  // namespace pinlab::app
