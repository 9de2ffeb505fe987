// broker.h — optional token broker + API proxy for the real Pinterest API. Pinterest's token
// endpoint wants the app secret (Basic auth) and documents no PKCE and no CORS (research §0, §3),
// so a page cannot sign in by itself. The broker holds the secret and does PKCE on Pinterest's
// behalf, so the page keeps its usual code + PKCE flow:
//
//   page -> GET  /broker/authorize?redirect_uri=R&scope=..&state=S&code_challenge=C&code_challenge_method=S256
//        <- 302  https://www.pinterest.com/oauth/?client_id=APP&redirect_uri=<origin>/broker/callback&state=B
//   Pinterest -> GET /broker/callback?code=X&state=B
//        <- 302  R?code=K&state=S          (K: a one-time broker code bound to C and R; X never leaves)
//   page -> POST /broker/token  grant_type=authorization_code&code=K&redirect_uri=R&code_verifier=V
//           broker checks S256(V) == C, then POST <upstream>/v5/oauth/token with Basic APP:SECRET
//   page -> POST /broker/token  grant_type=refresh_token&refresh_token=..   (forwarded with Basic)
//   page -> ANY  /proxy/v5/...  forwarded to <upstream>/v5/... with the page's bearer token
//
// The Pinterest app must register <origin>/broker/callback as its redirect URI.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "server/server.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace pinlab::server {

class Broker {
public:
    // `origin`: this server's origin (for the callback URL and the default page redirect URI).
    Broker(BrokerConfig cfg, std::string origin);

    bool handles(const std::string& path) const;
    void handle(const httplib::Request& req, httplib::Response& res);

    // Where the consent page lives: www.pinterest.com for the real API, <upstream>/oauth/ otherwise.
    std::string authorize_url() const;
    std::string callback_url() const { return origin_ + "/broker/callback"; }

private:
    struct Pending {  // an authorization on its way through the consent page
        std::string page_state, challenge, page_redirect;
        int64_t expires_ms = 0;
    };
    struct Code {  // a broker code handed to the page
        std::string upstream_code, challenge, page_redirect;
        int64_t expires_ms = 0;
    };

    void authorize(const httplib::Request& req, httplib::Response& res);
    void callback(const httplib::Request& req, httplib::Response& res);
    void token(const httplib::Request& req, httplib::Response& res);
    void proxy(const httplib::Request& req, httplib::Response& res);
    bool redirect_allowed(const std::string& uri) const;
    // POST form to <upstream>/v5/oauth/token with Basic auth; copies the answer into `res`.
    void upstream_token(const std::string& form, httplib::Response& res);
    void expire(int64_t now_ms);

    BrokerConfig cfg_;
    std::string origin_;
    std::mutex mu_;
    std::map<std::string, Pending> pending_;  // by broker state
    std::map<std::string, Code> codes_;       // by broker code
};

}  // namespace pinlab::server
