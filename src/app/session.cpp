// session.cpp — the client's life cycle and sign-in (see session.h).
#include "app/session.h"

#include <algorithm>
#include <cctype>

#include "app/services.h"
#include "core/url.h"

namespace pinlab::app {

namespace {
const char* kSigninBackendKey = "pinlab.signin_backend";  // sessionStorage: the backend a redirect started with
const char* kSigninReturnKey = "pinlab.signin_return";    // sessionStorage: the address to come back to after it

// A failed code exchange: the code is spent either way, so Retry is a new sign-in.
void sign_in_failed(Services& s, const ApiError& e) {
    s.notices.set_error(e, [&s] { s.session.begin_sign_in(s); });
    s.notices.set_status("Sign-in failed");
}
}

Session::Session(Platform& p) : p_(p), tokens_(p), storage_(p, Store::Session) {}

Session::~Session() { client_.reset(); }  // before its transport

// A pasted token is not "signed in" until the API has answered it (token_check).
bool Session::signed_in() const {
    return client_ && client_->auth().signed_in() && !(token_check && token_check->pending());
}

std::string Session::redirect_uri(const Services& s) const {
    return s.settings.redirect_uri.empty() ? page_base_url(p_.location_href()) : s.settings.redirect_uri;
}

std::string Session::app_id(const Services& s) const {
    if (!s.settings.app_id.empty()) return s.settings.app_id;
    const BackendDef* b = s.backend();
    return b && !b->client_id.empty() ? b->client_id : "pinlab-demo";
}

void Session::init(Services& s) {
    std::string href = p_.location_href();
    size_t hash = href.find('#');
    size_t q = href.find('?');
    std::string query = q == std::string::npos ? "" : href.substr(q + 1, hash == std::string::npos ? std::string::npos
                                                                                                   : hash - q - 1);
    Params params = parse_query(query);
    if (param(params, "code") || param(params, "error")) {
        finish_redirect(s);
    } else {
        build_client(s);
        restore(s);
    }
}

void Session::select_backend(Services& s, const std::string& id) {
    if (id == s.settings.backend_id && client_) return;
    if (client_ && client_->auth().signed_in()) {
        client_->sign_out();
        tokens_.forget();
    }
    s.settings.backend_id = id;
    s.save_settings();
    build_client(s);
}

void Session::build_client(Services& s, bool fresh_demo) {
    // Everything that belongs to the previous client goes first.
    s.app.forget_data();
    s.images.set_demo(false);
    signin_call.reset();
    consent_call_.reset();
    probe_transport_.reset();
    client_.reset();
    demo_transport_.reset();

    const BackendDef* b = s.backend();
    if (!b) return;
    const std::string href = p_.location_href();
    ClientConfig cfg;
    cfg.epoch_ms = [p = &p_]() { return p->epoch_ms(); };
    cfg.oauth.client_id = app_id(s);
    cfg.oauth.redirect_uri = redirect_uri(s);
    cfg.oauth.scopes = s.settings.scopes.empty() ? default_scopes() : s.settings.scopes;
    cfg.oauth.environment = b->environment;
    cfg.oauth.storage_prefix = "pinlab.oauth.";
    Transport* transport = &p_.network();
    if (b->kind == BackendKind::Demo) {
        // The Demo emulator, knowing this page as the demo app's redirect URI. It carries on with the tab's
        // data (the running emulator's, or what was saved before a reload) unless asked for fresh data.
        p_.demo_start({app_id(s), redirect_uri(s), !fresh_demo, s.settings.demo_sandbox});
        demo_transport_ = p_.demo_transport();
        transport = demo_transport_.get();
        s.images.set_demo(true);
        cfg.api_base = b->api_base;
        cfg.oauth.authorize_url = b->authorize_url;
        cfg.oauth.token_url = b->token_url;
        cfg.oauth.revoke_url = b->revoke_url;
    } else {
        if (b->kind == BackendKind::Token) {
            // config.json's api_base (a self-hosted proxy, say) wins over Pinterest's own hosts.
            cfg.api_base = !b->api_base.empty() ? resolve_url(href, b->api_base)
                           : s.settings.token_production ? kProductionBase
                                                         : kSandboxBase;
            cfg.oauth.environment = s.settings.token_production ? "production" : "sandbox";
            cfg.sandbox = !s.settings.token_production;
            cfg.oauth.token_url.clear();
        } else {
            cfg.sandbox = b->environment == "sandbox";
            cfg.api_base = resolve_url(href, b->api_base);
            cfg.oauth.authorize_url = resolve_url(href, b->authorize_url);
            cfg.oauth.token_url = resolve_url(href, b->token_url);
            if (!b->revoke_url.empty()) cfg.oauth.revoke_url = resolve_url(href, b->revoke_url);
        }
    }
    // Demo and Local follow their emulator's rules (the Faults view; pinlab-server --flavor sandbox).
    if (cfg.oauth.environment == "sandbox" || (b->kind == BackendKind::Demo && s.settings.demo_sandbox) ||
        (b->kind == BackendKind::Emulator && b->flavor == "sandbox"))
        cfg.sandbox = true;
    client_ = std::make_unique<Client>(*transport, cfg, storage_);
}

// Demo's rules: the emulator starts again with them, keeping its data and this session's tokens.
void Session::set_demo_sandbox(Services& s, bool on) {
    if (s.settings.demo_sandbox == on) return;
    s.settings.demo_sandbox = on;
    s.save_settings();
    if (!s.demo()) return;
    const bool was = signed_in();
    build_client(s);
    if (was) restore(s);
    if (s.app.here().route == Route::Faults) s.app.enter_view();  // the Faults panel reads the new emulator
    s.notices.toast(on ? "Demo follows the sandbox's rules" : "Demo follows production's rules");
}

// [SECTION] Sign-in --------------------------------------------------------------------------------

void Session::begin_sign_in(Services& s) {
    const BackendDef* b = s.backend();
    if (!b) return;
    if (!b->enabled) {
        s.notices.set_error(make_error(ErrorKind::Auth, b->label + " is not available", b->disabled_reason));
        return;
    }
    s.notices.clear_error();
    s.save_settings();
    build_client(s);  // picks up the App ID, redirect URI and scopes as they are now
    Result<std::string> url = client_->begin_sign_in();
    if (!url.ok()) {
        s.notices.set_error(url.error);
        return;
    }
    if (b->kind == BackendKind::Demo) {
        // No server to redirect to: show the consent step in the page, then post it to the emulator.
        consent_url = *url.value;
        consent_scopes.clear();
        auto u = parse_url(consent_url);
        if (u) consent_scopes = split_scopes(param(parse_query(u->query), "scope").value_or(""));
        consent_open = true;
        p_.demo_warm();  // the emulator loads while the user reads the consent step
        s.notices.set_status("Waiting for your consent");
        return;
    }
    // A consent page on this origin is asked first: a backend whose endpoints are not there (a static host, a
    // server started without the broker) is explained here instead of followed to a bare "Not found" page.
    const std::string href = p_.location_href();
    std::string probe = resolve_url(href, b->authorize_url);
    auto pu = parse_url(probe), hu = parse_url(href);
    // (A config.json written by pinlab-server lists only what it runs: no check, and no 400 in the browser's
    // console from asking a consent page without its parameters.)
    if (pu && hu && pu->origin() == hu->origin() && !s.config.from_server) {
        if (size_t q = probe.find_first_of("?#"); q != std::string::npos) probe.resize(q);
        probe_transport_ = p_.network_transport();
        Request r;
        r.url = probe;
        r.timeout_ms = 10000;
        probe_id_ = probe_transport_->send(std::move(r));
        probe_url_ = probe;
        probe_target_ = *url.value;
        s.notices.set_status("Checking " + b->label + "…");
        return;
    }
    follow_sign_in(s, *url.value);
}

void Session::add_scopes(Services& s, const std::vector<std::string>& extra, const std::string& return_hash) {
    std::vector<std::string> scopes = s.settings.scopes.empty() ? default_scopes() : s.settings.scopes;
    for (const auto& x : extra)
        if (!x.empty() && std::find(scopes.begin(), scopes.end(), x) == scopes.end()) scopes.push_back(x);
    sign_in_with_scopes(s, scopes, return_hash);
}

void Session::sign_in_with_scopes(Services& s, const std::vector<std::string>& scopes, const std::string& return_hash) {
    if (scopes.empty()) return;
    s.settings.scopes = scopes;
    return_hash_ = return_hash;
    if (auto n = parse_hash(return_hash)) s.app.go_after_sign_in(*n);  // Demo's consent is in the page: after_sign_in goes there
    begin_sign_in(s);
}

void Session::follow_sign_in(Services& s, const std::string& url) {
    const BackendDef* b = s.backend();
    if (!b) return;
    p_.storage_set(Store::Session, kSigninBackendKey, b->id);
    // The address to come back to: the consent page returns to the redirect URI, which has no "#/…".
    std::string back = return_hash_;
    if (back.empty()) {
        const std::string href = p_.location_href();
        if (size_t h = href.find('#'); h != std::string::npos) back = href.substr(h);
    }
    if (!back.empty() && back.size() <= 16 * 1024) p_.storage_set(Store::Session, kSigninReturnKey, back);
    return_hash_.clear();
    s.notices.set_status("Redirecting to the consent page…");
    p_.navigate(url);
}

// The answer to begin_sign_in's check: a consent page (any answer but "not here") is followed.
void Session::check_probe(Services& s) {
    if (!probe_transport_) return;
    std::vector<Completion> done;
    probe_transport_->poll(done);
    for (auto& c : done) {
        if (c.id != probe_id_) continue;
        probe_transport_.reset();
        const BackendDef* b = s.backend();
        if (!b) return;
        // Only a definite "not here" stops the sign-in: nothing listening, or no such page. A check that could
        // not be made (refused by the browser, slow) is no reason to keep the user from trying.
        const bool missing = c.error == TransportError::Network ||
                             (c.error == TransportError::None &&
                              (c.response.status == 404 || c.response.status == 405 || c.response.status == 501));
        if (!missing) return follow_sign_in(s, probe_target_);
        std::string answer = c.error != TransportError::None
                                 ? std::string("did not answer (") + to_string(c.error) + ")"
                                 : "answered " + std::to_string(c.response.status) +
                                       (c.response.status == 404 ? " Not found" : "");
        std::string hint =
            b->kind == BackendKind::Broker
                ? "The server of this page runs no token broker. Start pinlab-server with --pinterest-app-id ID "
                  "--pinterest-secret-file FILE (add --pinterest-upstream https://api-sandbox.pinterest.com for the "
                  "sandbox), or choose another backend."
                : "This page is not served by pinlab-server (a static host?). Run ./scripts/run and open the address "
                  "it prints, or choose Demo.";
        s.notices.set_error(make_error(ErrorKind::Transport, b->label + " is not available here: " + probe_url_ + " " + answer, hint));
        s.notices.set_status(b->label + " is not available here");
        return;
    }
}

void Session::consent_decision(Services& s, bool allow) {
    consent_open = false;
    if (!client_ || consent_url.empty()) return;
    auto u = parse_url(consent_url);
    Params form = u ? parse_query(u->query) : Params{};
    form.emplace_back("decision", allow ? "allow" : "deny");
    if (consent_account < demo_accounts().size()) form.emplace_back("account", demo_accounts()[consent_account].username);
    // The emulator answers 302 with the redirect URL carrying the code (or the error): the client's own
    // logged form POST, so the console shows the step like every other call.
    consent_call_ = client_->post_form(form_post("/oauth/", form), "oauth/consent");
    s.notices.set_status(allow ? "Consent given; exchanging the code" : "Consent denied");
    s.calls.track<Response>(consent_call_, [this, &s](Response& r) {
        std::string loc(r.headers.get("Location"));
        if (r.status != 302 || loc.empty()) {
            std::string msg = "The consent step failed (HTTP " + std::to_string(r.status) + ")";
            const std::string& body = r.body;
            size_t p = body.find("<p>"), e = body.find("</p>");
            if (p != std::string::npos && e != std::string::npos && e > p) msg += ": " + body.substr(p + 3, e - p - 3);
            s.notices.set_error(make_error(ErrorKind::Auth, msg, "Check the App ID and redirect URI, then sign in again."));
            return;
        }
        signin_call = client_->complete_sign_in(loc);
        s.calls.track<Tokens>(signin_call, [this, &s](Tokens&) { signed_in_now(s); },
                        [&s](const ApiError& e) { sign_in_failed(s, e); });
    }, [&s](const ApiError& e) {
        // The Demo emulator could not be reached at all.
        s.notices.set_error(make_error(ErrorKind::Transport, "The consent step failed: " + e.message,
                                       "Reload the page. If this persists, the host is missing pinlab-demo.js or "
                                       "pinlab-demo.wasm beside index.html."));
    });
}

void Session::finish_redirect(Services& s) {
    const std::string href = p_.location_href();
    if (auto id = p_.storage_get(Store::Session, kSigninBackendKey)) {
        for (const auto& b : s.config.backends)
            if (b.id == *id) s.settings.backend_id = b.id;
    }
    p_.storage_remove(Store::Session, kSigninBackendKey);
    if (auto back = p_.storage_get(Store::Session, kSigninReturnKey)) {
        if (auto n = parse_hash(*back); n && n->route != Route::Connect) s.app.go_after_sign_in(*n);
        p_.storage_remove(Store::Session, kSigninReturnKey);
    }
    build_client(s);
    // The code must not stay in the address bar (or in history).
    size_t hash = href.find('#');
    p_.replace_url(page_base_url(href) + (hash == std::string::npos ? "" : href.substr(hash)));
    signin_call = client_->complete_sign_in(href);
    s.notices.set_status("Completing sign-in…");
    s.calls.track<Tokens>(signin_call, [this, &s](Tokens&) { signed_in_now(s); },
                    [&s](const ApiError& e) { sign_in_failed(s, e); });
}

void Session::use_pasted_token(Services& s, const std::string& token) {
    std::string t = token;
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.erase(t.begin());
    if (t.empty()) {
        s.notices.set_error(make_error(ErrorKind::Validation, "No token pasted",
                                       "Generate an access token in the developer portal (My apps → your app) and paste it."));
        return;
    }
    s.notices.clear_error();
    s.save_settings();
    build_client(s);
    client_->use_token(t, s.settings.scopes.empty() ? default_scopes() : s.settings.scopes,
                       s.settings.token_production ? "production" : "sandbox");
    pasted_token.clear();
    // Checked before "signed in" is said: GET /v5/user_account. A refusal for a scope still proves the token.
    s.notices.set_status("Checking the token (GET /v5/user_account)…");
    token_check = client_->get_user_account();
    Handle<Account> h = token_check;
    s.calls.track<Account>(
        token_check,
        [this, &s, h](Account&) {
            if (token_check != h) return;
            s.notices.set_status("The token works");
            signed_in_now(s);
        },
        [this, &s, h](const ApiError& e) {
            if (token_check != h) return;
            if (e.kind == ErrorKind::Auth || e.kind == ErrorKind::Transport || e.kind == ErrorKind::Timeout)
                token_refused(s, e);
            else
                signed_in_now(s);  // e.g. no user_accounts:read: the token authenticated
        });
}

// The pasted token is dropped and the reason said: Pinterest's own words for a 401, what fetch could not do
// for no answer at all, and what would work instead.
void Session::token_refused(Services& s, const ApiError& e) {
    const std::string api_base = client_ ? client_->config().api_base : "";
    // The token goes (no new client here: this runs inside the client's own callback).
    client_->sign_out();
    tokens_.forget();
    token_check.reset();
    if (e.kind == ErrorKind::Auth) {
        std::string said = e.message.empty() ? "" : " (\"" + e.message + "\")";
        s.notices.set_error(make_error(ErrorKind::Auth, "The token is not valid: GET /v5/user_account answered " +
                                                            std::to_string(e.http_status) + said,
                                       "Generate a new access token in the developer portal (My apps → your app) "
                                       "and paste it; a token expires, and revoking the app's access ends it."));
        return;
    }
    const bool public_api = api_base.find("api.pinterest.com") != std::string::npos ||
                            api_base.find("api-sandbox.pinterest.com") != std::string::npos;
    std::string hint = public_api
                           ? "Pinterest's API does not answer calls made from a web page on another site (CORS), so a "
                             "pasted token works here only through a server that forwards the calls (a backend in "
                             "config.json with its api_base). Without one, use Demo (the emulator in this tab) or Local "
                             "(pinlab-server)."
                           : "Check that " + api_base + " is up and forwards to the API; or use Demo (the emulator in "
                             "this tab).";
    s.notices.set_error(make_error(e.kind, "The browser could not reach the API at " + api_base +
                                               " (no HTTP answer: CORS or the network)", hint));
}

void Session::signed_in_now(Services& s) {
    token_check.reset();
    was_signed_in_ = true;
    keep_tokens(s);
    s.app.after_sign_in();
}

void Session::keep_tokens(Services& s) {
    const Tokens* t = client_ && client_->auth().tokens() ? &*client_->auth().tokens() : nullptr;
    if (!t) {
        if (!s.settings.remember) tokens_.drop_remembered();
        return;
    }
    tokens_.save(*t, s.settings.backend_id, s.settings.remember, s.demo());
}

// This tab's own tokens first, then the remembered ones (not for Demo: its tokens are the tab's). A Demo
// session's tokens work when the platform restored the emulator's saved data; if it could not, the first
// call answers 401 and the session ends like any other whose tokens were revoked.
void Session::restore(Services& s) {
    if (!client_) return;
    for (const Tokens& t : tokens_.usable(s.settings.backend_id, s.demo(), p_.epoch_ms() / 1000)) {
        if (!client_->restore_tokens(t).ok()) continue;
        signed_in_now(s);  // saves them again where the current "Remember me" says
        return;
    }
}

// The client stays: it sends the revocation (RFC 7009) the sign-out queued, and the console shows it. The
// next sign-in builds a new client anyway.
void Session::sign_out(Services& s) {
    if (client_) client_->sign_out();
    tokens_.forget();
    was_signed_in_ = false;
    s.app.forget_data();
    s.notices.toast("Signed out");
    s.notices.set_status("Signed out");
    s.app.go(Nav{Route::Connect});
}

// "Reset demo data": this tab's saved Demo data goes, the emulator starts again from the seed, and the session
// ends (only the wiped emulator knew its tokens).
void Session::reset_demo(Services& s) {
    if (!s.demo()) return;
    if (client_) client_->sign_out();
    p_.demo_forget();
    tokens_.forget();
    was_signed_in_ = false;
    build_client(s, /*fresh_demo=*/true);
    s.notices.toast("Demo data reset");
    s.notices.set_status("Demo data reset: fresh seed data. Sign in again");
    s.app.go(Nav{Route::Connect});
}

void Session::refresh_token(Services& s) {
    if (!client_) return;
    auto h = client_->refresh_now();
    s.calls.track<Tokens>(h, [this, &s](Tokens&) {
        keep_tokens(s);
        s.notices.toast("Token refreshed");
    }, [&s](const ApiError& e) { s.notices.set_error(e); });
}

// [SECTION] Per frame ---------------------------------------------------------------------------------

void Session::pump() {
    if (client_) client_->pump();
}

void Session::check(Services& s) {
    check_probe(s);
    if (!client_) return;
    // A refresh (automatic or not) rotated the tokens: keep the stored copy current.
    if (signed_in() && was_signed_in_ && tokens_.stale(*client_->auth().tokens())) keep_tokens(s);
    // A session that ended on its own (refresh failed, token revoked).
    if (was_signed_in_ && !signed_in()) {
        was_signed_in_ = false;
        tokens_.forget();
        s.notices.set_error(make_error(ErrorKind::Auth, "You were signed out",
                                       client_->auth().last_error().ok() ? "Sign in again."
                                                                         : client_->auth().last_error().hint));
        s.app.session_ended();
    }
}

bool Session::busy() const { return probe_transport_ != nullptr || (client_ && client_->in_flight() + client_->queued() > 0); }

}  // namespace pinlab::app
