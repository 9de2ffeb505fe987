// broker.h — optional token broker + API proxy for the real Pinterest API. Pinterest's token
// endpoint wants the app secret (Basic auth) and documents no PKCE and no CORS (research §0, §3),
// so a page cannot sign in by itself. The broker holds the secret and does PKCE on Pinterest's
// behalf, so the page keeps its usual code + PKCE flow:
//
//   page -> GET  /broker/authorize?redirect_uri=R&scope=..&state=S&code_challenge=C&code_challenge_method=S256
//        <- 302  https://www.pinterest.com/oauth/?client_id=APP&redirect_uri=<origin>/broker/callback&state=B
//   Pinterest -> GET /broker/callback?code=X&state=B
//        <- 302  R?code=K&state=S          (K: a sealed one-time broker code bound to C and R; X never leaves)
//   page -> POST /broker/token  grant_type=authorization_code&code=K&redirect_uri=R&code_verifier=V
//           broker checks S256(V) == C, then POST <upstream>/v5/oauth/token with Basic APP:SECRET
//   page -> POST /broker/token  grant_type=refresh_token&refresh_token=..   (forwarded with Basic)
//   page -> POST /broker/revoke token=..                                     (forwarded with Basic)
//   page -> ANY  /proxy/v5/...  forwarded to <upstream>/v5/... with the page's bearer token
//
// The broker keeps no table: B is an HMAC-SHA256-signed, expiring value binding C, R, the scopes and
// S; K is the upstream code sealed with AES-256-GCM together with C, R and an expiry. Both use keys
// derived from the key file, so any number of instances sharing that file serve any step, and a flood
// of /broker/authorize costs nothing but CPU.
//
// The Pinterest app must register <origin>/broker/callback as its redirect URI.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <cstdint>
#include <string>
#include <vector>

#include "server/limits.h"
#include "server/server.h"
#include "server/upstream_slots.h"

namespace httplib {
struct Request;
struct Response;
class Client;
}  // namespace httplib

namespace pinlab::server {

// Keys from a key file (see BrokerConfig::state_key_file): each non-empty line is a key of at least
// 32 characters; the first signs, all verify. False with a reason on a missing, short or empty file.
bool load_broker_keys(const std::string& path, std::vector<std::string>& keys, std::string& error);

// Signing and sealing with a rotatable key list (exposed for tests and the fuzzer).
class BrokerSeal {
public:
    explicit BrokerSeal(std::vector<std::string> keys);  // empty = one random key
    std::string sign(const std::string& payload) const;  // base64url(payload) "." base64url(mac)
    bool verify(const std::string& token, std::string& payload) const;
    std::string seal(const std::string& plaintext) const;  // AES-256-GCM, base64url
    bool open(const std::string& sealed, std::string& plaintext) const;

private:
    struct Keys {
        std::string mac, enc;
    };
    std::vector<Keys> keys_;
};

class Broker {
public:
    // `origin`: this server's origin (for the callback URL and the default page redirect URI).
    Broker(BrokerConfig cfg, std::string origin, const Limits& limits, std::vector<std::string> keys);

    bool handles(const std::string& path) const;
    void handle(const httplib::Request& req, httplib::Response& res);

    // Where the consent page lives: www.pinterest.com for the real API, <upstream>/oauth/ otherwise.
    std::string authorize_url() const;
    std::string callback_url() const { return origin_ + "/broker/callback"; }

private:
    void authorize(const httplib::Request& req, httplib::Response& res);
    void callback(const httplib::Request& req, httplib::Response& res);
    void token(const httplib::Request& req, httplib::Response& res);
    void revoke(const httplib::Request& req, httplib::Response& res);
    void proxy(const httplib::Request& req, httplib::Response& res);
    bool redirect_allowed(const std::string& uri) const;
    // POST form to <upstream><path> with Basic auth for caller `who`; copies the answer into `res`.
    void upstream_form(const std::string& path, const std::string& form, httplib::Response& res, const std::string& who);
    // Upstream slots, shared fairly across addresses (upstream_slots.h): the client for one call to
    // Pinterest, or null (and a 503) when no slot is free for `who` (the caller's address), or when it
    // holds its share already. A caller that holds none and is not greedy waits up to kSlotWaitMs for a
    // slot, cancelling a greedy address's long call if the slot policy names one.
    struct UpstreamCall {
        std::shared_ptr<httplib::Client> client;
        uint64_t id = 0;
    };
    UpstreamCall enter_upstream(const std::string& who, httplib::Response& res);
    // The call ended; true when it had been cancelled for others (if it failed, cancelled_error says why).
    bool leave_upstream(const std::string& who, const UpstreamCall& call);
    static void cancelled_error(httplib::Response& res);
    static constexpr int kSlotWaitMs = 1000;
    // /broker/token and /broker/revoke calls per address and minute, not counting code exchanges
    // whose sealed code opened (those are sign-ins this broker started): false (and a 429) past it.
    bool within_budget(const std::string& who, httplib::Response& res);

    BrokerConfig cfg_;
    std::string origin_;
    Limits limits_;
    BrokerSeal seal_;
    std::mutex mu_;  // guards the slots, the calls in flight, the waiters and the budgets
    UpstreamSlots slots_;
    std::condition_variable slot_freed_;
    std::unordered_map<uint64_t, std::shared_ptr<httplib::Client>> clients_;  // calls in flight, to cancel
    std::unordered_set<std::string> slot_waiters_;  // addresses with a handler waiting for a slot (bounded)
    struct Window {
        int64_t minute = 0;
        int used = 0;
    };
    std::unordered_map<std::string, Window> budget_;  // pruned each minute; bounded (kMaxCallers)
};

// "/v5/pins/1?x=%2F" -> true; any "..", "." or empty segment, encoded slash or backslash -> false.
bool proxy_path_safe(const std::string& target);
// Content types the proxy passes on from upstream (JSON and images); anything else is refused.
bool proxy_content_type_allowed(const std::string& content_type);

}  // namespace pinlab::server
