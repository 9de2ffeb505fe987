// oauth.cpp — the OAuth 2.0 authorization server: the consent page (GET/POST /oauth/, like
// www.pinterest.com/oauth/), authorization codes (single use, 10 minutes, bound to client, redirect URI, scopes
// and PKCE challenge), POST /v5/oauth/token (authorization_code, refresh_token with rotation,
// client_credentials) and POST /v5/oauth/token/revoke.
//
// Client authentication: a confidential client sends HTTP Basic app_id:app_secret (as Pinterest documents).
// A public client (no secret) proves itself with the PKCE code_verifier; that is allowed in the Public and
// Sandbox flavours only. In Strict, Basic auth is required and PKCE parameters are ignored.
#include <algorithm>

#include "core/crypto.h"
#include "emulator/impl.h"

namespace pinlab::emu {

namespace {

constexpr int64_t kCodeTtlMs = 10 * 60 * 1000;
constexpr int64_t kAccessTtlS = 2592000;   // 30 days, as Pinterest issues them
constexpr int64_t kRefreshTtlS = 5184000;  // 60 days, continuous refresh

Response invalid_grant() { return error_response(400, 283, "The authorization grant is invalid"); }

std::vector<std::string> parse_scopes(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty() && std::find(out.begin(), out.end(), cur) == out.end()) out.push_back(cur);
        cur.clear();
    };
    for (char ch : s) {
        if (ch == ',' || ch == ' ' || ch == '+') flush();
        else cur += ch;
    }
    flush();
    return out;
}

Response html(int status, const std::string& body) {
    Response r;
    r.status = status;
    r.headers.set("Content-Type", "text/html; charset=utf-8");
    r.headers.set("Cache-Control", "no-store");
    r.headers.set("X-Frame-Options", "DENY");
    // The consent page runs no script and may not be framed (clickjacking the Allow button).
    r.headers.set("Content-Security-Policy",
                  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'");
    r.headers.set("Referrer-Policy", "no-referrer");
    r.body = body;
    return r;
}

const char* kStyle =
    "<style>body{font-family:system-ui,sans-serif;background:#f1f1f1;margin:0}"
    ".card{max-width:440px;margin:48px auto;background:#fff;border-radius:24px;padding:32px;"
    "box-shadow:0 2px 12px rgba(0,0,0,.1)}h1{font-size:22px}li{margin:8px 0}"
    ".scope{font-weight:600}button{border:0;border-radius:20px;padding:10px 20px;font-size:15px;margin-right:8px}"
    ".allow{background:#e60023;color:#fff}.deny{background:#e9e9e9}</style>";

Response error_page(const std::string& message) {
    return html(400, std::string("<!doctype html><html><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>Pinterest</title>") +
                         kStyle + "</head><body><div class=\"card\"><h1>Something went wrong</h1><p>" +
                         html_escape(message) + "</p></div></body></html>");
}

Response redirect(const std::string& uri, const Params& params) {
    Response r;
    r.status = 302;
    r.headers.set("Location", with_query(uri, params));
    r.headers.set("Cache-Control", "no-store");
    return r;
}

// The authorize parameters, from the query (GET) or the form (POST).
struct AuthorizeParams {
    std::string client_id, redirect_uri, response_type, scope, state, challenge, method;
};

AuthorizeParams read_authorize(const Params& p) {
    AuthorizeParams a;
    a.client_id = param(p, "client_id").value_or(param(p, "consumer_id").value_or(""));
    a.redirect_uri = param(p, "redirect_uri").value_or("");
    a.response_type = param(p, "response_type").value_or("");
    a.scope = param(p, "scope").value_or("");
    a.state = param(p, "state").value_or("");
    a.challenge = param(p, "code_challenge").value_or("");
    a.method = param(p, "code_challenge_method").value_or("");
    return a;
}

Params error_params(const char* error, const std::string& state, const char* description) {
    Params p{{"error", error}, {"error_description", description}};
    if (!state.empty()) p.emplace_back("state", state);
    return p;
}

// Compares secrets in time independent of where they differ.
bool same(std::string_view a, std::string_view b) {
    unsigned diff = a.size() != b.size();
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

bool pkce_challenge_valid(std::string_view c) {
    // S256 challenge: base64url of 32 bytes = 43 characters of the URL alphabet.
    if (c.size() != 43) return false;
    for (char ch : c)
        if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_')) return false;
    return true;
}

}  // namespace

const ClientApp* Emulator::Impl::find_client(std::string_view id) const {
    for (const auto& c : opts.clients)
        if (c.client_id == id) return &c;
    return nullptr;
}

std::string Emulator::Impl::issue(bool refresh, uint64_t client, ScopeBits scopes, int64_t now_ms, int64_t lifetime_s,
                                  FamilyId family, AccountIndex user) {
    // From the OS CSPRNG, never the seeded generator: the seed shapes data, not secrets.
    std::string tok = (refresh ? "pinr." : "pina.") + random_token(32);
    Token t;
    t.refresh = refresh;
    t.client = client;
    t.scopes = scopes;
    t.expires_ms = now_ms + lifetime_s * 1000;
    t.family = family;
    t.user = user;
    store.tokens[digest_of(tok)] = t;
    if (++issued_since_prune >= std::max<size_t>(1024, store.tokens.size() / 2)) prune_tokens(now_ms);
    return tok;
}

// [SECTION] Consent page

namespace {

// Validates the authorize request. Returns a response when it must stop (error page or error redirect).
// Hostile values never reach a redirect unless client and redirect URI are registered.
std::optional<Response> check_authorize(const Emulator::Impl& impl, const AuthorizeParams& a,
                                        std::vector<std::string>& scopes, const ClientApp*& client) {
    client = impl.find_client(a.client_id);
    if (a.client_id.empty()) return error_page("Oops! You must pass a value for client_id.");
    if (!client) return error_page("Oops! This app (client_id) is not registered.");
    bool registered = false;
    for (const auto& r : client->redirect_uris)
        if (r == a.redirect_uri) registered = true;
    if (!registered) return error_page("Oops! The redirect_uri is not registered for this app.");
    if (a.response_type != "code")
        return redirect(a.redirect_uri, error_params("unsupported_response_type", a.state, "response_type must be code"));
    scopes = parse_scopes(a.scope);
    if (scopes.empty()) return redirect(a.redirect_uri, error_params("invalid_scope", a.state, "No scope requested"));
    for (const auto& s : scopes)
        if (!scope_description(s))
            return redirect(a.redirect_uri, error_params("invalid_scope", a.state, "Unknown scope requested"));
    if (impl.opts.flavor != Flavor::Strict) {
        if (!a.challenge.empty() || !a.method.empty()) {
            if (a.method != "S256")
                return redirect(a.redirect_uri,
                                error_params("invalid_request", a.state, "code_challenge_method must be S256"));
            if (!pkce_challenge_valid(a.challenge))
                return redirect(a.redirect_uri, error_params("invalid_request", a.state, "Invalid code_challenge"));
        } else if (client->secret.empty()) {
            return redirect(a.redirect_uri,
                            error_params("invalid_request", a.state, "Public clients must use PKCE (S256)"));
        }
    }
    return std::nullopt;
}

}  // namespace

Response Emulator::Impl::consent_get(Ctx& c) {
    AuthorizeParams a = read_authorize(c.query);
    std::vector<std::string> scopes;
    const ClientApp* client = nullptr;
    if (auto stop = check_authorize(*this, a, scopes, client)) return *stop;

    std::string h = "<!doctype html><html><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>Pinterest - Give access</title>";
    h += kStyle;
    h += "</head><body><div class=\"card\"><h1>Give <span id=\"app\">" + html_escape(client->name) +
         "</span> access to your Pinterest account</h1>";
    // The account the grant is for: ?account=<username> preselects one (tests and tools pick with it).
    const AccountInfo* who = find_account(param(c.query, "account").value_or(""));
    if (!who) return error_page("Unknown account: pick one of the accounts listed on the consent page.");
    h += "<p>Signed in as <b id=\"account-name\">" + html_escape(who->username) + "</b></p>";
    h += "<p><label>Account <select name=\"account\" form=\"consent\" id=\"account\">";
    for (const auto& acc : kAccounts)
        h += std::string("<option value=\"") + acc.username + "\"" + (&acc == who ? " selected" : "") + ">" +
             acc.username + " (" + acc.type + ")</option>";
    h += "</select></label></p>";
    h += "<p>" + html_escape(client->name) + " would like to:</p><ul id=\"scopes\">";
    for (const auto& s : scopes)
        h += "<li><span class=\"scope\">" + html_escape(s) + "</span> &mdash; " + html_escape(scope_description(s)) +
             "</li>";
    h += "</ul><form id=\"consent\" method=\"post\" action=\"/oauth/\">";
    const std::pair<const char*, const std::string*> hidden[] = {
        {"client_id", &a.client_id},   {"redirect_uri", &a.redirect_uri},  {"response_type", &a.response_type},
        {"scope", &a.scope},           {"state", &a.state},                {"code_challenge", &a.challenge},
        {"code_challenge_method", &a.method}};
    for (const auto& [name, value] : hidden)
        h += std::string("<input type=\"hidden\" name=\"") + name + "\" value=\"" + html_escape(*value) + "\">";
    h += "<button class=\"allow\" type=\"submit\" name=\"decision\" value=\"allow\">Give access</button>";
    h += "<button class=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Cancel</button>";
    h += "</form></div></body></html>";
    return html(200, h);
}

Response Emulator::Impl::consent_post(Ctx& c) {
    if (c.req.body.size() > 64 * 1024) return error_page("The request is too large.");
    Params form = form_decode(c.req.body);
    AuthorizeParams a = read_authorize(form);
    std::vector<std::string> scopes;
    const ClientApp* client = nullptr;
    if (auto stop = check_authorize(*this, a, scopes, client)) return *stop;
    std::string decision = param(form, "decision").value_or("");
    if (decision != "allow") {
        Params p{{"error", "access_denied"}};
        if (!a.state.empty()) p.emplace_back("state", a.state);
        return redirect(a.redirect_uri, p);
    }
    const AccountInfo* who = find_account(param(form, "account").value_or(""));
    if (!who) return error_page("Unknown account: pick one of the accounts listed on the consent page.");
    const std::string issuer = a.client_id + "|" + std::string(c.req.headers.get("X-Emulator-Peer"));
    if (auto refused = code_refused(issuer, c.now)) {
        Response page = error_page(refused->second);
        page.status = refused->first;
        return page;
    }
    std::string code = random_token(24);  // CSPRNG (see issue())
    AuthCode ac;
    ac.client = key64(a.client_id);
    ac.redirect_uri = key64(a.redirect_uri);
    ac.scopes = scope_bits(scopes);
    ac.has_challenge = opts.flavor != Flavor::Strict && !a.challenge.empty();
    if (ac.has_challenge) ac.challenge = digest_of(a.challenge);
    ac.expires_ms = c.now + kCodeTtlMs;
    ac.issuer = key64(issuer);
    ac.user = account_index(who);
    ++codes_per_issuer[ac.issuer];
    const Digest key = digest_of(code);
    store.codes[key] = ac;
    track_code(key, c.now + kCodeTtlMs);
    Params p{{"code", code}};
    if (!a.state.empty()) p.emplace_back("state", a.state);
    return redirect(a.redirect_uri, p);
}

// [SECTION] Token endpoint

namespace {

// Identifies the calling client. `confidential` is true when it authenticated with its secret.
// Returns an error response on failure.
// Wrong secrets are counted per registered client id; past the limit its secret checks pause (429).
std::optional<Response> authenticate_client(Emulator::Impl& impl, const Request& req, int64_t now_ms,
                                            const Params& form, const ClientApp*& client, bool& confidential) {
    client = nullptr;
    confidential = false;
    std::string_view auth = req.headers.get("Authorization");
    if (!auth.empty()) {
        if (auth.size() < 7 || !iequals(auth.substr(0, 6), "Basic ")) return auth_failed();
        auto decoded = base64_decode(auth.substr(6));
        if (!decoded) return auth_failed();
        size_t colon = decoded->find(':');
        if (colon == std::string::npos) return auth_failed();
        std::string id = decoded->substr(0, colon), secret = decoded->substr(colon + 1);
        client = impl.find_client(id);
        if (!client || client->secret.empty()) return auth_failed();
        if (auto pause = impl.secret_guess_refused(client->client_id, now_ms)) return pause;
        if (!same(client->secret, secret)) {
            impl.count_secret_failure(client->client_id, now_ms);
            return auth_failed();
        }
        confidential = true;
        return std::nullopt;
    }
    if (impl.opts.flavor == Flavor::Strict) return auth_failed();
    auto id = param(form, "client_id");
    if (!id) return auth_failed();
    client = impl.find_client(*id);
    if (!client || !client->secret.empty()) return auth_failed();  // confidential clients must use their secret
    return std::nullopt;
}

}  // namespace

Response Emulator::Impl::token(Ctx& c) {
    std::string_view ct = c.req.headers.get("Content-Type");
    if (ct.substr(0, 33) != "application/x-www-form-urlencoded")
        return error_response(415, 415, "Unsupported Content-Type: expected application/x-www-form-urlencoded.");
    if (c.req.body.size() > 64 * 1024) return error_response(413, 413, "Request body too large.");
    Params form = form_decode(c.req.body);
    const ClientApp* client = nullptr;
    bool confidential = false;
    if (auto err = authenticate_client(*this, c.req, c.now, form, client, confidential)) return *err;

    std::string grant = param(form, "grant_type").value_or("");
    const int64_t now_s = c.now / 1000;
    const uint64_t client_key = key64(client->client_id);
    auto token_body = [&](const std::string& access, ScopeBits scopes, const char* type, const std::string& refresh) {
        // Written as text in nlohmann's key order (bytewise): what json_dump of the token object wrote.
        std::string o = "{\"access_token\":";
        json_put_string(o, access);
        o += ",\"expires_in\":";
        json_put_int(o, kAccessTtlS);
        if (!refresh.empty()) {
            o += ",\"refresh_token\":";
            json_put_string(o, refresh);
            o += ",\"refresh_token_expires_at\":";
            json_put_int(o, now_s + kRefreshTtlS);
            o += ",\"refresh_token_expires_in\":";
            json_put_int(o, kRefreshTtlS);
        }
        o += ",\"response_type\":";
        json_put_string(o, type);
        o += ",\"scope\":";
        json_put_string(o, pinlab::join(scope_names(scopes), " "));
        o += ",\"token_type\":\"bearer\"}";
        Response r = json_text_response(200, std::move(o));
        r.headers.set("Cache-Control", "no-store");
        return r;
    };

    if (grant == "authorization_code") {
        auto code = param(form, "code");
        auto redirect_uri = param(form, "redirect_uri");
        if (!code || !redirect_uri) return error_response(400, 1, "Invalid parameters. code and redirect_uri are required.");
        auto it = store.codes.find(digest_of(*code));
        if (it == store.codes.end()) return invalid_grant();
        const AuthCode ac = it->second;
        if (ac.used) {
            // A replayed code: revoke what it already issued (RFC 6749 §4.1.2).
            revoke_family(ac.family);
            return invalid_grant();
        }
        if (ac.expires_ms <= c.now || ac.client != client_key) return invalid_grant();
        it->second.used = true;  // single use: any attempt by its client consumes it
        it->second.family = new_family();
        const FamilyId family = it->second.family;
        if (ac.redirect_uri != key64(*redirect_uri)) return invalid_grant();
        if (opts.flavor != Flavor::Strict) {
            auto verifier = param(form, "code_verifier");
            if (ac.has_challenge) {
                if (!verifier || !pkce_verifier_is_valid(*verifier) ||
                    digest_of(pkce_challenge_s256(*verifier)) != ac.challenge)
                    return invalid_grant();
            } else if (!confidential || verifier) {
                // No challenge at authorization, so a verifier now is a PKCE downgrade (RFC 9700 §2.1.1).
                return invalid_grant();
            }
        }
        std::string access = issue(false, client_key, ac.scopes, c.now, kAccessTtlS, family, ac.user);
        std::string refresh = issue(true, client_key, ac.scopes, c.now, kRefreshTtlS, family, ac.user);
        return token_body(access, ac.scopes, "authorization_code", refresh);
    }
    if (grant == "refresh_token") {
        auto rt = param(form, "refresh_token");
        if (!rt) return error_response(400, 1, "Invalid parameters. refresh_token is required.");
        auto it = store.tokens.find(digest_of(*rt));
        if (it == store.tokens.end() || !it->second.refresh || it->second.client != client_key) return invalid_grant();
        if (it->second.revoked && it->second.family) {
            // A rotated refresh token used again: one of the two holders is not the client, so the
            // whole family goes (RFC 9700 §4.14.2).
            revoke_family(it->second.family);
            return invalid_grant();
        }
        if (!token_live(it->second, c.now)) return invalid_grant();
        const FamilyId family = it->second.family;
        const AccountIndex user = it->second.user;
        ScopeBits scopes = it->second.scopes;
        if (auto narrow = param(form, "scope"); narrow && !narrow->empty()) {
            ScopeBits want = 0;
            for (const auto& s : parse_scopes(*narrow)) {
                const ScopeBits bit = scope_bit(s);
                if (!(scopes & bit)) return invalid_grant();  // also an unknown scope (no bit)
                want |= bit;
            }
            scopes = want;
        }
        it->second.revoked = true;  // rotation: the old refresh token stops working (kept to recognise reuse)
        std::string access = issue(false, client_key, scopes, c.now, kAccessTtlS, family, user);
        std::string refresh = issue(true, client_key, scopes, c.now, kRefreshTtlS, family, user);
        return token_body(access, scopes, "refresh_token", refresh);
    }
    if (grant == "client_credentials") {
        if (!confidential) return auth_failed();
        std::vector<std::string> scopes = parse_scopes(param(form, "scope").value_or(""));
        if (scopes.empty()) return error_response(400, 1, "Invalid parameters. scope is required.");
        for (const auto& s : scopes)
            if (!scope_description(s)) return error_response(400, 1, "Invalid parameters. Unknown scope: " + s);
        std::string access = issue(false, client_key, scope_bits(scopes), c.now, kAccessTtlS);
        return token_body(access, scope_bits(scopes), "client_credentials", "");
    }
    return error_response(400, 1, "Invalid parameters. Unsupported grant_type.");
}

Response Emulator::Impl::revoke(Ctx& c) {
    std::string_view ct = c.req.headers.get("Content-Type");
    if (ct.substr(0, 33) != "application/x-www-form-urlencoded")
        return error_response(415, 415, "Unsupported Content-Type: expected application/x-www-form-urlencoded.");
    Params form = form_decode(c.req.body);
    const ClientApp* client = nullptr;
    bool confidential = false;
    if (auto err = authenticate_client(*this, c.req, c.now, form, client, confidential)) return *err;
    auto tok = param(form, "token");
    if (!tok || tok->empty()) return error_response(400, 1, "Invalid parameters. token is required.");
    auto hint = param(form, "token_type_hint");
    if (hint && *hint != "access_token" && *hint != "refresh_token")
        return error_response(400, 1, "Invalid parameters. token_type_hint must be access_token or refresh_token.");
    auto it = store.tokens.find(digest_of(*tok));
    if (it != store.tokens.end() && it->second.client == key64(client->client_id)) {
        it->second.revoked = true;
        // A refresh token takes its access tokens with it (RFC 7009 §2.1).
        if (it->second.refresh) revoke_family(it->second.family);
    }
    Response r;
    r.status = 200;  // RFC 7009: unknown tokens are not an error
    return r;
}

// [SECTION] Token endpoint rate limit

// The token and revoke endpoints are limited per authenticated client and peer address, counted
// after authentication: junk credentials neither grow the limiter's table nor spend a real
// client's budget, and one peer's failures do not lock other users out of sign-in.
Response Emulator::Impl::oauth_entry(Ctx& c, Response (Impl::*fn)(Ctx&)) {
    if (c.req.headers.get("Content-Type").substr(0, 33) != "application/x-www-form-urlencoded")
        return (this->*fn)(c);  // answers 415 without reading the body (and counts nothing)
    if (c.req.body.size() > 64 * 1024) return error_response(413, 413, "Request body too large.");
    Params form = form_decode(c.req.body);
    const ClientApp* client = nullptr;
    bool confidential = false;
    if (auto err = authenticate_client(*this, c.req, c.now, form, client, confidential)) return *err;
    // Budgets per client and address, apart for calls that name a live grant: a refresh is counted
    // against its token's family and a code exchange against the client + address, while junk
    // (unknown codes and tokens, other grants, revocations) has a budget of its own. So junk sent in
    // the public client's name spends only the junk budget, never a signed-in user's refreshes.
    std::string key = "client:" + client->client_id + "|" + std::string(c.req.headers.get("X-Emulator-Peer"));
    const std::string grant = param(form, "grant_type").value_or("");
    auto tok = grant == "refresh_token" ? store.tokens.find(digest_of(param(form, "refresh_token").value_or("")))
                                        : store.tokens.end();
    if (tok != store.tokens.end() && tok->second.refresh && token_live(tok->second, c.now))
        key = "family:" + (tok->second.family ? std::to_string(tok->second.family) : digest_hex(tok->first));
    else if (!(grant == "authorization_code" && store.codes.count(digest_of(param(form, "code").value_or("")))))
        key += "|junk";
    return with_rate_limit(c, key, fn);
}

}  // namespace pinlab::emu
