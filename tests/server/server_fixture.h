// server_fixture.h — what the server tests start from: an in-process pinlab-server on a free
// loopback port with a small seed (TestServer), raw HTTP exchanges from a chosen loopback address
// (127.0.0.x stands for another client), and a sign-in (authorization code + PKCE) that yields an
// access token.
#pragma once

#include <memory>
#include <string>

#include "core/crypto.h"
#include "core/json.h"
#include "core/url.h"
#include "raw_socket.h"
#include "server/server.h"

struct TestServer {
    explicit TestServer(pinlab::server::ServerConfig cfg, const std::string& web_root = "") {
        cfg.host = "127.0.0.1";
        cfg.port = 0;
        cfg.web_root = web_root;
        cfg.emulator.pin_count = 30;
        if (!cfg.log_sink) cfg.access_log = false;
        server = std::make_unique<pinlab::server::PinlabServer>(std::move(cfg));
        ok = server->start(error);
    }
    int port() const { return server->port(); }
    std::unique_ptr<pinlab::server::PinlabServer> server;
    bool ok = false;
    std::string error;
};

// One request over a fresh connection from `from` (nullptr: 127.0.0.1); the raw answer.
inline std::string exchange(int port, const std::string& method, const std::string& path,
                            const std::string& headers = "", const std::string& body = "", const char* from = nullptr,
                            int timeout_ms = 5000) {
    RawSocket s(port, from);
    std::string req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                      "\r\nConnection: close\r\n" + headers;
    if (!body.empty() || method == "POST") req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    s.send(req + "\r\n" + body);
    return s.read_response(timeout_ms);
}

inline std::string answer_body(const std::string& response) {
    size_t end = response.find("\r\n\r\n");
    return end == std::string::npos ? std::string() : response.substr(end + 4);
}

inline std::string answer_header(const std::string& response, const std::string& name) {
    size_t end = response.find("\r\n\r\n");
    std::string head = response.substr(0, end);
    size_t at = head.find("\r\n" + name + ": ");
    if (at == std::string::npos) return {};
    size_t from = at + name.size() + 4;
    return head.substr(from, head.find("\r\n", from) - from);
}

// The consent step of the demo client's sign-in from `from`: the raw answer (302 with the code).
inline std::string consent(int port, const char* from, const std::string& challenge) {
    pinlab::Params q = {{"client_id", "pinlab-demo"},
                        {"redirect_uri", "http://127.0.0.1:" + std::to_string(port) + "/"},
                        {"response_type", "code"},
                        {"state", "s"},
                        {"scope", "user_accounts:read,boards:read,boards:write,pins:read,pins:write"},
                        {"code_challenge", challenge},
                        {"code_challenge_method", "S256"},
                        {"decision", "allow"}};
    return exchange(port, "POST", "/oauth/", "Content-Type: application/x-www-form-urlencoded\r\n",
                    pinlab::form_encode(q), from);
}

// The token endpoint's answer for the demo client's code exchange from `from`.
inline std::string redeem(int port, const char* from, const std::string& code, const std::string& verifier) {
    pinlab::Params form = {{"grant_type", "authorization_code"},
                           {"code", code},
                           {"redirect_uri", "http://127.0.0.1:" + std::to_string(port) + "/"},
                           {"client_id", "pinlab-demo"},
                           {"code_verifier", verifier}};
    return exchange(port, "POST", "/v5/oauth/token", "Content-Type: application/x-www-form-urlencoded\r\n",
                    pinlab::form_encode(form), from);
}

// The code in a consent answer's Location, or "".
inline std::string code_of(const std::string& consent_answer) {
    auto u = pinlab::parse_url(answer_header(consent_answer, "Location"));
    return u ? pinlab::param(pinlab::parse_query(u->query), "code").value_or("") : "";
}

// A whole sign-in from `from`: an access token, or "" (with the failing answer in `why`).
inline std::string sign_in(int port, const char* from, std::string* why = nullptr) {
    const std::string verifier = pinlab::pkce_make_verifier();
    std::string c = consent(port, from, pinlab::pkce_challenge_s256(verifier));
    std::string code = code_of(c);
    if (code.empty()) {
        if (why) *why = c.substr(0, 300);
        return {};
    }
    std::string t = redeem(port, from, code, verifier);
    auto j = pinlab::json_parse(answer_body(t));
    if (!j || !(*j)["access_token"].is_string()) {
        if (why) *why = t.substr(0, 300);
        return {};
    }
    return (*j)["access_token"].get<std::string>();
}
