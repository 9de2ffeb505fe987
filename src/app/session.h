// session.h — who the app talks to and as whom: the Client for the chosen backend (and its transport:
// the network, or the platform's Demo emulator), sign-in (the OAuth redirect, Demo's in-page consent
// step, a pasted token), keeping and restoring tokens (token_store.h), refresh, sign-out and Demo reset.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/config.h"
#include "app/platform.h"
#include "app/token_store.h"
#include "core/client.h"

namespace pinlab::app {

struct Services;

// The Storage the OAuth flow keeps its PKCE verifier and state in: the tab's sessionStorage.
class PlatformStorage : public Storage {
public:
    PlatformStorage(Platform& p, Store s) : p_(p), s_(s) {}
    std::optional<std::string> get(const std::string& key) const override { return p_.storage_get(s_, key); }
    void set(const std::string& key, const std::string& value) override { p_.storage_set(s_, key, value); }
    void remove(const std::string& key) override { p_.storage_remove(s_, key); }

private:
    Platform& p_;
    Store s_;
};

class Session {
public:
    explicit Session(Platform& p);
    ~Session();

    // At start-up: finishes a sign-in the OAuth redirect came back from, or restores kept tokens.
    void init(Services& s);

    Client* client() { return client_.get(); }
    const Client* client() const { return client_.get(); }
    bool signed_in() const;
    std::string app_id(const Services& s) const;
    std::string redirect_uri(const Services& s) const;

    void select_backend(Services& s, const std::string& id);
    void begin_sign_in(Services& s);
    // Signs in again with the scopes asked now plus `extra`, and comes back to `return_hash` (an address of this
    // app, "#/explorer/ads/create?…") once the consent is given: a missing scope added in place.
    void add_scopes(Services& s, const std::vector<std::string>& extra, const std::string& return_hash);
    // Signs in again asking exactly `scopes` (the Token view's add or drop), back to `return_hash` after.
    void sign_in_with_scopes(Services& s, const std::vector<std::string>& scopes, const std::string& return_hash);
    void consent_decision(Services& s, bool allow);  // Demo: Allow or Deny on the in-page consent step
    void use_pasted_token(Services& s, const std::string& token);
    void sign_out(Services& s);
    void reset_demo(Services& s);  // Demo: wipes the tab's saved data, fresh emulator, signed out
    void set_demo_sandbox(Services& s, bool on);  // Demo: the sandbox's rules (or production's), saved
    void refresh_token(Services& s);
    void keep_tokens(Services& s);  // where "Remember me" says, now (after a sign-in or a settings change)

    void pump();             // once per frame, first: the client delivers what arrived
    void check(Services& s); // after the frame's callbacks: rotated tokens, a session that ended on its own
    bool busy() const;

    // Demo's consent step, shown by view_consent_dialog.
    bool consent_open = false;
    std::string consent_url;  // the authorize URL being consented to
    std::vector<std::string> consent_scopes;
    size_t consent_account = 0;  // Demo: the account picked on the consent step (demo_accounts())
    Handle<Tokens> signin_call;
    std::string pasted_token;
    std::vector<std::string> scope_choice;  // the Token view's ticks for a new sign-in (empty: not edited yet)
    Handle<Account> token_check;  // GET /v5/user_account with a pasted token, before "signed in" is said

private:
    void build_client(Services& s, bool fresh_demo = false);
    void finish_redirect(Services& s);
    void follow_sign_in(Services& s, const std::string& url);  // leaves for the consent page
    void check_probe(Services& s);
    std::unique_ptr<Transport> probe_transport_;  // begin_sign_in's check that the consent page is there
    RequestId probe_id_ = 0;
    std::string probe_url_, probe_target_;
    void restore(Services& s);
    void signed_in_now(Services& s);
    void token_refused(Services& s, const ApiError& e);
    Platform& p_;
    TokenStore tokens_;
    PlatformStorage storage_;
    std::unique_ptr<Transport> demo_transport_;  // the client's transport in Demo mode
    std::unique_ptr<Client> client_;
    Handle<Response> consent_call_;
    bool was_signed_in_ = false;
    std::string return_hash_;  // add_scopes: where the sign-in it starts comes back to
};

}  // namespace pinlab::app
