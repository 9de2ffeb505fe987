// oauth.h — sign-in as an explicit state machine: OAuth 2.0 authorization code + PKCE (RFC 7636),
// token exchange, refresh (rotating refresh tokens), pasted tokens and sign-out.
//
// This class does no I/O: it builds Requests and consumes Responses, so it is unit-testable
// without a transport. Client (client.h) sends those requests and drives the machine.
//
//   SignedOut --begin_sign_in()--> AwaitingRedirect --handle_redirect(url)--> Exchanging
//   Exchanging --accept_token_response(ok)--> SignedIn --(near expiry / 401)--> Refreshing --> SignedIn
//   any --sign_out()--> SignedOut;   errors --> Failed (last_error() says why; begin again)
//
// The PKCE verifier and `state` live in a Storage (sessionStorage in the browser) so they survive
// the full-page redirect to the consent screen and back.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.h"
#include "core/http.h"
#include "core/models.h"

namespace pinlab {

// Key/value storage. The browser implements it over sessionStorage.
class Storage {
public:
    virtual ~Storage() = default;
    virtual std::optional<std::string> get(const std::string& key) const = 0;
    virtual void set(const std::string& key, const std::string& value) = 0;
    virtual void remove(const std::string& key) = 0;
};

class MemoryStorage : public Storage {
public:
    std::optional<std::string> get(const std::string& key) const override;
    void set(const std::string& key, const std::string& value) override;
    void remove(const std::string& key) override;
    std::map<std::string, std::string> data;
};

struct OAuthConfig {
    std::string authorize_url = "https://www.pinterest.com/oauth/";
    std::string token_url;   // emulator's "/v5/oauth/token", a broker URL, or "" (paste-a-token only)
    std::string revoke_url;  // "" = no revocation (just forget)
    std::string client_id;
    std::string redirect_uri;
    std::vector<std::string> scopes = {"user_accounts:read", "boards:read", "boards:write", "pins:read",
                                       "pins:write"};
    std::string environment = "production";  // label stored with the tokens: "emulator", "sandbox", …
    std::string storage_prefix = "pinlab.oauth.";
};

struct Tokens {
    std::string access_token;
    std::string refresh_token;         // empty = cannot refresh
    int64_t expires_at = 0;            // epoch seconds; 0 = unknown (pasted token)
    int64_t refresh_expires_at = 0;    // epoch seconds; 0 = unknown
    std::vector<std::string> scopes;
    std::string environment;

    bool has_scope(std::string_view s) const;
    bool can_refresh(int64_t now_s) const {
        return !refresh_token.empty() && (refresh_expires_at == 0 || now_s < refresh_expires_at);
    }
};

enum class AuthState : uint8_t { SignedOut, AwaitingRedirect, Exchanging, SignedIn, Refreshing, Failed };
const char* to_string(AuthState s);

// What handle_redirect() found in a good redirect.
struct AuthCode {
    std::string code;
    std::string verifier;
};

class OAuth {
public:
    OAuth(OAuthConfig cfg, Storage& storage);

    AuthState state() const { return state_; }
    const OAuthConfig& config() const { return cfg_; }
    const std::optional<Tokens>& tokens() const { return tokens_; }
    const ApiError& last_error() const { return error_; }
    bool signed_in() const { return tokens_.has_value(); }

    // Step 1: new verifier + state, kept in Storage; returns the consent URL to navigate to.
    Result<std::string> begin_sign_in();
    // Step 2: parse ?code=&state= or ?error= from the redirect URL. Rejects a missing, mismatched
    // or reused state; explains error=access_denied. On success the stored state is consumed.
    Result<AuthCode> handle_redirect(std::string_view redirect_url);
    // Step 3: the form-encoded token request (authorization_code grant). Needs token_url.
    Result<Request> token_request(const AuthCode& code) const;
    // Step 4 (and refresh): consume the token endpoint's response at wall time `now_s`.
    ApiError accept_token_response(const Response& resp, int64_t now_s);
    // A transport failure while exchanging/refreshing.
    void fail(ApiError e);

    // Refresh: due when the access token expires within `margin_s`.
    bool refresh_due(int64_t now_s, int64_t margin_s) const;
    bool can_refresh(int64_t now_s) const;
    Result<Request> refresh_request();  // moves to Refreshing
    // Revocation request for the current tokens (nullopt when revoke_url is empty or signed out).
    std::optional<Request> revoke_request() const;

    // A token pasted by the person (e.g. a Pinterest sandbox token). No refresh possible.
    void use_token(std::string access_token, std::vector<std::string> scopes, std::string environment,
                   int64_t expires_at = 0);
    // A full token set saved earlier (e.g. "Remember me"): signed in again, refresh included when
    // it has a refresh token. Rejects an empty access token (state unchanged, returns the error).
    ApiError restore(const Tokens& t);
    // Forget everything (tokens, pending verifier/state).
    void sign_out();

private:
    std::string key(const char* k) const { return cfg_.storage_prefix + k; }
    OAuthConfig cfg_;
    Storage& storage_;
    AuthState state_ = AuthState::SignedOut;
    std::optional<Tokens> tokens_;
    ApiError error_;
};

// Tokens <-> JSON text (for storage): {"access_token","refresh_token","expires_at","refresh_expires_at",
// "scopes":[..],"environment"}. Parsing is strict about types: a missing/empty access_token, a wrong
// type or a negative time gives an error, never a half-filled Tokens.
std::string tokens_to_json(const Tokens& t);
Result<Tokens> tokens_from_json(std::string_view text);

std::vector<std::string> split_scopes(std::string_view s);  // splits on spaces and commas

}  // namespace pinlab
