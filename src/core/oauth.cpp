// oauth.cpp — the sign-in state machine (authorization code + PKCE, refresh, paste, sign-out).
#include "core/oauth.h"

#include "core/crypto.h"
#include "core/json.h"
#include "core/operations.h"
#include "core/text.h"
#include "core/url.h"

namespace pinlab {

// [SECTION] Storage ------------------------------------------------------------------------------

std::optional<std::string> MemoryStorage::get(const std::string& key) const {
    auto it = data.find(key);
    if (it == data.end()) return std::nullopt;
    return it->second;
}
void MemoryStorage::set(const std::string& key, const std::string& value) { data[key] = value; }
void MemoryStorage::remove(const std::string& key) { data.erase(key); }

// [SECTION] Helpers ------------------------------------------------------------------------------

std::vector<std::string> split_scopes(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == ' ' || c == ',' || c == '\t' || c == '\n') {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

// [SECTION] Tokens as JSON ---------------------------------------------------------------------------

std::string tokens_to_json(const Tokens& t) {
    json j = {{"access_token", t.access_token}, {"refresh_token", t.refresh_token},
              {"expires_at", t.expires_at},     {"refresh_expires_at", t.refresh_expires_at},
              {"scopes", t.scopes},             {"environment", t.environment}};
    return json_dump(j);
}

Result<Tokens> tokens_from_json(std::string_view text) {
    auto bad = [](const std::string& what) -> Result<Tokens> {
        return make_error(ErrorKind::Decode, "saved tokens: " + what, "Sign in again.");
    };
    auto j = json_parse(text);
    if (!j || !j->is_object()) return bad("not a JSON object");
    Tokens t;
    auto text_field = [&](const char* k, std::string& out, bool required) -> bool {
        auto it = j->find(k);
        if (it == j->end() || it->is_null()) return !required;
        if (!it->is_string()) return false;
        out = it->get<std::string>();
        return !required || !out.empty();
    };
    auto time_field = [&](const char* k, int64_t& out) -> bool {
        auto it = j->find(k);
        if (it == j->end() || it->is_null()) return true;
        if (it->is_number_unsigned()) {
            if (it->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) return false;
            out = static_cast<int64_t>(it->get<uint64_t>());
            return true;
        }
        if (!it->is_number_integer() || it->get<int64_t>() < 0) return false;
        out = it->get<int64_t>();
        return true;
    };
    if (!text_field("access_token", t.access_token, true)) return bad("access_token is missing or not text");
    if (!text_field("refresh_token", t.refresh_token, false)) return bad("refresh_token is not text");
    if (!text_field("environment", t.environment, false)) return bad("environment is not text");
    if (!time_field("expires_at", t.expires_at)) return bad("expires_at is not a non-negative integer");
    if (!time_field("refresh_expires_at", t.refresh_expires_at))
        return bad("refresh_expires_at is not a non-negative integer");
    auto sc = j->find("scopes");
    if (sc != j->end() && !sc->is_null()) {
        if (sc->is_string()) {
            t.scopes = split_scopes(sc->get<std::string>());  // older saves kept "a b c"
        } else if (sc->is_array()) {
            for (const auto& e : *sc) {
                if (!e.is_string()) return bad("scopes must be text");
                t.scopes.push_back(e.get<std::string>());
            }
        } else {
            return bad("scopes must be a list");
        }
    }
    return t;
}

bool Tokens::has_scope(std::string_view s) const {
    for (const auto& x : scopes)
        if (x == s) return true;
    return false;
}

const char* to_string(AuthState s) {
    switch (s) {
        case AuthState::SignedOut: return "signed out";
        case AuthState::AwaitingRedirect: return "waiting for consent";
        case AuthState::Exchanging: return "exchanging code";
        case AuthState::SignedIn: return "signed in";
        case AuthState::Refreshing: return "refreshing";
        case AuthState::Failed: return "failed";
    }
    return "?";
}

static ApiError auth_error(std::string msg, std::string hint) {
    ApiError e = make_error(ErrorKind::Auth, std::move(msg), std::move(hint));
    e.operation = "oauth";
    return e;
}

// [SECTION] OAuth ----------------------------------------------------------------------------------

OAuth::OAuth(OAuthConfig cfg, Storage& storage) : cfg_(std::move(cfg)), storage_(storage) {
    // After a full-page redirect the pending state is found in storage again.
    if (storage_.get(key("state"))) state_ = AuthState::AwaitingRedirect;
}

Result<std::string> OAuth::begin_sign_in() {
    if (cfg_.client_id.empty() || cfg_.redirect_uri.empty() || cfg_.authorize_url.empty()) {
        error_ = make_error(ErrorKind::Validation, "client_id, redirect_uri and authorize URL are required",
                            "Fill them in the sign-in settings.");
        return error_;
    }
    std::string verifier = pkce_make_verifier(64);
    std::string state = random_token(16);
    if (!pkce_verifier_is_valid(verifier) || state.empty()) {
        error_ = auth_error("no secure random source", "This browser cannot generate PKCE secrets.");
        state_ = AuthState::Failed;
        return error_;
    }
    storage_.set(key("verifier"), verifier);
    storage_.set(key("state"), state);
    Params q = {{"client_id", cfg_.client_id},
                {"redirect_uri", cfg_.redirect_uri},
                {"response_type", "code"},
                {"scope", join(cfg_.scopes, ",")},
                {"state", state},
                {"code_challenge", pkce_challenge_s256(verifier)},
                {"code_challenge_method", "S256"}};
    state_ = AuthState::AwaitingRedirect;
    error_ = {};
    return with_query(cfg_.authorize_url, q);
}

Result<AuthCode> OAuth::handle_redirect(std::string_view redirect_url) {
    auto fail = [&](std::string msg, std::string hint) -> Result<AuthCode> {
        error_ = auth_error(std::move(msg), std::move(hint));
        state_ = AuthState::Failed;
        return error_;
    };
    auto url = parse_url(redirect_url);
    if (!url) return fail("the redirect URL cannot be parsed", "Start the sign-in again.");
    Params q = parse_query(url->query);
    auto got_state = param(q, "state");
    auto expected = storage_.get(key("state"));
    auto last_used = storage_.get(key("used_state"));

    if (auto err = param(q, "error")) {
        // RFC 6749 §4.1.2.1 and §10.12: an error response is this tab's only when it carries the state this
        // tab sent. Anyone can send a browser to the redirect URI with ?error=…: such a response neither ends
        // a sign-in in progress nor puts its text on screen.
        if (!got_state || got_state->empty() || !expected || *expected != *got_state) {
            error_ = auth_error("a sign-in response this tab did not ask for was ignored",
                                "If you are signing in, finish it on the consent page; otherwise start again.");
            if (!expected) state_ = AuthState::Failed;  // nothing was pending; a pending sign-in stays pending
            return error_;
        }
        storage_.remove(key("state"));
        storage_.remove(key("verifier"));
        std::string desc = param(q, "error_description").value_or("");
        if (*err == "access_denied")
            return fail("access denied: the consent was declined" + (desc.empty() ? "" : " (" + desc + ")"),
                        "Sign in again and choose Allow to let Pinlab use your account.");
        return fail("the authorization server returned error=" + *err + (desc.empty() ? "" : " (" + desc + ")"),
                    "Check the client id and redirect URI, then sign in again.");
    }
    if (!got_state || got_state->empty())
        return fail("the redirect has no state parameter", "Possible forgery; start the sign-in again.");
    if (!expected) {
        if (last_used && *last_used == *got_state)
            return fail("this sign-in response was already used (state reused)",
                        "Do not reload the redirect page; start the sign-in again.");
        return fail("no sign-in is in progress for this state", "Start the sign-in again from this browser tab.");
    }
    if (*expected != *got_state)
        return fail("the state does not match the one this tab sent", "Possible forgery; start the sign-in again.");
    auto code = param(q, "code");
    if (!code || code->empty()) return fail("the redirect has no authorization code", "Start the sign-in again.");
    auto verifier = storage_.get(key("verifier"));
    if (!verifier) return fail("the PKCE verifier was lost", "Start the sign-in again.");
    // Consume: a state can be used once.
    storage_.remove(key("state"));
    storage_.remove(key("verifier"));
    storage_.set(key("used_state"), *got_state);
    state_ = AuthState::Exchanging;
    error_ = {};
    return AuthCode{*code, *verifier};
}

Result<Request> OAuth::token_request(const AuthCode& code) const {
    if (cfg_.token_url.empty())
        return make_error(ErrorKind::Validation, "no token endpoint configured",
                          "Paste an access token instead, or configure the token endpoint.");
    Request r = form_post(cfg_.token_url, {{"grant_type", "authorization_code"},
                                           {"code", code.code},
                                           {"redirect_uri", cfg_.redirect_uri},
                                           {"code_verifier", code.verifier},
                                           {"client_id", cfg_.client_id}});
    return r;
}

ApiError OAuth::accept_token_response(const Response& resp, int64_t now_s) {
    const bool refreshing = state_ == AuthState::Refreshing;
    const OperationInfo op = operation_info("oauth/token");
    if (resp.status < 200 || resp.status >= 300) {
        ApiError e = error_from_response(resp, op);
        if (e.kind == ErrorKind::Auth || resp.status == 400 || e.pinterest_code == 283) {
            e.kind = ErrorKind::Auth;
            e.hint = refreshing ? "The refresh token is no longer valid: sign in again."
                                : "The authorization code was rejected (expired or already used): sign in again.";
        }
        if (e.kind == ErrorKind::OutcomeUnknown || resp.status >= 500) {
            // The token endpoint failed on its side. Nothing in the account changes with a token request, so
            // the generic "may or may not have been applied" hint of a failed write does not fit.
            e.kind = ErrorKind::Server;
            e.hint = refreshing ? "The token endpoint had a problem on its side; the current token still works "
                                  "until it expires. Try again shortly."
                                : "The token endpoint had a problem on its side; you are not signed in yet. Retry "
                                  "starts the sign-in again (an authorization code works only once).";
        }
        if (refreshing && e.kind != ErrorKind::Auth) {
            // A transient failure while refreshing keeps the current tokens usable.
            state_ = AuthState::SignedIn;
            error_ = e;
            return e;
        }
        if (refreshing) tokens_.reset();
        state_ = AuthState::Failed;
        error_ = e;
        return e;
    }
    Result<TokenResponse> tr = decode_json<TokenResponse>(resp.body);
    if (!tr.ok()) {
        ApiError e = tr.error;
        e.operation = "oauth/token";
        state_ = refreshing && tokens_ ? AuthState::SignedIn : AuthState::Failed;
        error_ = e;
        return e;
    }
    Tokens t;
    t.access_token = tr.value->access_token;
    // Refresh rotates the refresh token; keep the old one only if the server sent none.
    t.refresh_token = tr.value->refresh_token.value_or(tokens_ ? tokens_->refresh_token : std::string());
    t.expires_at = tr.value->expires_in ? now_s + *tr.value->expires_in : 0;
    if (tr.value->refresh_token_expires_at) t.refresh_expires_at = *tr.value->refresh_token_expires_at;
    else if (tr.value->refresh_token_expires_in) t.refresh_expires_at = now_s + *tr.value->refresh_token_expires_in;
    else if (tokens_ && !tr.value->refresh_token) t.refresh_expires_at = tokens_->refresh_expires_at;
    t.scopes = split_scopes(tr.value->scope);
    if (t.scopes.empty() && tokens_) t.scopes = tokens_->scopes;
    t.environment = cfg_.environment;
    tokens_ = std::move(t);
    state_ = AuthState::SignedIn;
    error_ = {};
    return {};
}

void OAuth::fail(ApiError e) {
    error_ = std::move(e);
    if (state_ == AuthState::Refreshing && tokens_) state_ = AuthState::SignedIn;  // transient: keep tokens
    else state_ = AuthState::Failed;
}

bool OAuth::refresh_due(int64_t now_s, int64_t margin_s) const {
    return tokens_ && tokens_->expires_at != 0 && now_s + margin_s >= tokens_->expires_at;
}

bool OAuth::can_refresh(int64_t now_s) const {
    return tokens_ && tokens_->can_refresh(now_s) && !cfg_.token_url.empty();
}

Result<Request> OAuth::refresh_request() {
    if (!tokens_ || tokens_->refresh_token.empty())
        return auth_error("no refresh token", "Sign in again.");
    if (cfg_.token_url.empty()) return auth_error("no token endpoint configured", "Sign in again.");
    Request r = form_post(cfg_.token_url, {{"grant_type", "refresh_token"},
                                           {"refresh_token", tokens_->refresh_token},
                                           {"client_id", cfg_.client_id}});
    state_ = AuthState::Refreshing;
    return r;
}

std::optional<Request> OAuth::revoke_request() const {
    if (cfg_.revoke_url.empty() || !tokens_) return std::nullopt;
    const bool has_refresh = !tokens_->refresh_token.empty();
    return form_post(cfg_.revoke_url, {{"token", has_refresh ? tokens_->refresh_token : tokens_->access_token},
                                       {"token_type_hint", has_refresh ? "refresh_token" : "access_token"},
                                       {"client_id", cfg_.client_id}});
}

void OAuth::use_token(std::string access_token, std::vector<std::string> scopes, std::string environment,
                      int64_t expires_at) {
    Tokens t;
    t.access_token = std::move(access_token);
    t.scopes = std::move(scopes);
    t.environment = std::move(environment);
    t.expires_at = expires_at;
    tokens_ = std::move(t);
    state_ = AuthState::SignedIn;
    error_ = {};
}

ApiError OAuth::restore(const Tokens& t) {
    if (t.access_token.empty())
        return make_error(ErrorKind::Validation, "no access token to restore", "Sign in again.");
    tokens_ = t;
    if (tokens_->environment.empty()) tokens_->environment = cfg_.environment;
    state_ = AuthState::SignedIn;
    error_ = {};
    return {};
}

void OAuth::sign_out() {
    tokens_.reset();
    storage_.remove(key("state"));
    storage_.remove(key("verifier"));
    state_ = AuthState::SignedOut;
    error_ = {};
}

}  // namespace pinlab
