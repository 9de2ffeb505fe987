// token_store.h — where a session's tokens are kept between page loads:
//   - "Remember me" ticked: localStorage (survives closing the browser), only with that consent;
//   - not ticked: sessionStorage. It is scoped to this tab and cleared when the tab closes, so a reload
//     of the same tab stays signed in. That is acceptable: the tokens are exactly as exposed there as they
//     already are in the running page's memory (same origin, same tab, same scripts), and nothing outlives
//     the tab. Without consent they never go to localStorage;
//   - Demo: sessionStorage, "Remember me" or not. The emulator that issued them saves its state for this
//     tab only (Platform::demo_start), so they mean nothing outside it.
// The full set is kept (access + refresh tokens, expiries, scopes, environment) with the backend it
// belongs to, so refresh keeps working after a restore.
#pragma once

#include <string>
#include <vector>

#include "core/oauth.h"

namespace pinlab::app {

class Platform;

class TokenStore {
public:
    explicit TokenStore(Platform& p) : p_(p) {}
    // Keeps `t` for `backend_id` where `remember` allows (never beyond the tab for Demo).
    void save(const Tokens& t, const std::string& backend_id, bool remember, bool demo);
    void forget();
    // The kept token sets for `backend_id` still usable at `now_s` (not expired, or refreshable): this
    // tab's first, then the remembered ones (not for Demo). Others' and unreadable entries are deleted.
    std::vector<Tokens> usable(const std::string& backend_id, bool demo, int64_t now_s);
    // True when `t` differs from what was last kept (a refresh rotated the tokens).
    bool stale(const Tokens& t) const { return t.access_token != saved_access_; }
    // "Remember me" was unticked while signed out: nothing may stay in localStorage.
    void drop_remembered();

private:
    Platform& p_;
    std::string saved_access_;  // the access token last written (a refresh rotates it)
};

}  // namespace pinlab::app
