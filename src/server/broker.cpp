// broker.cpp — the token broker and API proxy for the real Pinterest API (see broker.h for the flow).
// Untested against api.pinterest.com (no internet here); the tests run it against a second
// pinlab-server whose emulator is in the Strict flavour, which behaves as production documents.
#include "server/broker.h"

#include <httplib.h>

#include <chrono>

#include "core/crypto.h"
#include "core/json.h"
#include "core/url.h"

namespace pinlab::server {

namespace {

constexpr int64_t kPendingTtlMs = 10 * 60 * 1000;  // consent must finish within 10 minutes
constexpr int64_t kCodeTtlMs = 60 * 1000;          // the page exchanges its code right away
constexpr size_t kMaxPending = 10000;              // bound memory if someone loops /broker/authorize

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void json_error(httplib::Response& res, int status, int code, const std::string& message) {
    res.status = status;
    res.set_content(json_dump(json{{"code", code}, {"message", message}}), "application/json");
}

bool valid_challenge(const std::string& c) {
    if (c.size() != 43) return false;
    for (char ch : c)
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
              ch == '_'))
            return false;
    return true;
}

// Constant-time string comparison for secrets.
bool same(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    unsigned char d = 0;
    for (size_t i = 0; i < a.size(); ++i) d |= static_cast<unsigned char>(a[i] ^ b[i]);
    return d == 0;
}

std::unique_ptr<httplib::Client> upstream_client(const std::string& upstream) {
    auto c = std::make_unique<httplib::Client>(upstream);
    c->set_connection_timeout(10, 0);
    c->set_read_timeout(30, 0);
    c->set_write_timeout(30, 0);
    return c;
}

}  // namespace

Broker::Broker(BrokerConfig cfg, std::string origin) : cfg_(std::move(cfg)), origin_(std::move(origin)) {}

bool Broker::handles(const std::string& path) const {
    return path == "/broker/authorize" || path == "/broker/callback" || path == "/broker/token" ||
           path.rfind("/proxy/v5/", 0) == 0;
}

std::string Broker::authorize_url() const {
    if (cfg_.upstream == "https://api.pinterest.com") return "https://www.pinterest.com/oauth/";
    if (cfg_.upstream == "https://api-sandbox.pinterest.com") return "https://www.pinterest.com/oauth/";
    return cfg_.upstream + "/oauth/";
}

bool Broker::redirect_allowed(const std::string& uri) const {
    if (cfg_.redirect_uris.empty()) return uri == origin_ + "/";
    for (const auto& u : cfg_.redirect_uris)
        if (u == uri) return true;
    return false;
}

void Broker::expire(int64_t now) {
    for (auto it = pending_.begin(); it != pending_.end();) it = it->second.expires_ms < now ? pending_.erase(it) : ++it;
    for (auto it = codes_.begin(); it != codes_.end();) it = it->second.expires_ms < now ? codes_.erase(it) : ++it;
}

void Broker::handle(const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/broker/authorize") {
        if (req.method != "GET") return json_error(res, 405, 405, "Method not allowed.");
        return authorize(req, res);
    }
    if (req.path == "/broker/callback") {
        if (req.method != "GET") return json_error(res, 405, 405, "Method not allowed.");
        return callback(req, res);
    }
    if (req.path == "/broker/token") {
        if (req.method != "POST") return json_error(res, 405, 405, "Method not allowed.");
        return token(req, res);
    }
    return proxy(req, res);
}

// [SECTION] Authorization --------------------------------------------------------------------------

void Broker::authorize(const httplib::Request& req, httplib::Response& res) {
    Params q = parse_query(req.target.find('?') == std::string::npos ? "" : req.target.substr(req.target.find('?') + 1));
    std::string redirect = param(q, "redirect_uri").value_or("");
    std::string challenge = param(q, "code_challenge").value_or("");
    std::string method = param(q, "code_challenge_method").value_or("");
    std::string state = param(q, "state").value_or("");
    std::string scope = param(q, "scope").value_or("");
    if (!redirect_allowed(redirect)) return json_error(res, 400, 1, "redirect_uri is not registered with the broker.");
    if (method != "S256" || !valid_challenge(challenge))
        return json_error(res, 400, 1, "code_challenge (S256) is required.");
    if (state.empty() || state.size() > 512 || scope.size() > 1024) return json_error(res, 400, 1, "Invalid state or scope.");

    std::string broker_state = random_token(24);
    {
        std::lock_guard<std::mutex> lock(mu_);
        int64_t now = now_ms();
        expire(now);
        if (pending_.size() >= kMaxPending) return json_error(res, 503, 503, "Too many sign-ins in progress.");
        pending_[broker_state] = Pending{state, challenge, redirect, now + kPendingTtlMs};
    }
    Params up = {{"client_id", cfg_.app_id}, {"redirect_uri", callback_url()}, {"response_type", "code"},
                 {"scope", scope}, {"state", broker_state}};
    res.set_redirect(with_query(authorize_url(), up), 302);
}

void Broker::callback(const httplib::Request& req, httplib::Response& res) {
    Params q = parse_query(req.target.find('?') == std::string::npos ? "" : req.target.substr(req.target.find('?') + 1));
    std::string broker_state = param(q, "state").value_or("");
    Pending p;
    {
        std::lock_guard<std::mutex> lock(mu_);
        expire(now_ms());
        auto it = pending_.find(broker_state);
        if (it == pending_.end()) return json_error(res, 400, 1, "Unknown or expired sign-in (state).");
        p = it->second;
        pending_.erase(it);  // single use
    }
    auto error = param(q, "error");
    if (error) {
        Params back = {{"error", *error}, {"state", p.page_state}};
        if (auto d = param(q, "error_description")) back.emplace_back("error_description", *d);
        return res.set_redirect(with_query(p.page_redirect, back), 302);
    }
    std::string upstream_code = param(q, "code").value_or("");
    if (upstream_code.empty()) return json_error(res, 400, 1, "No code in the callback.");
    std::string code = random_token(24);
    {
        std::lock_guard<std::mutex> lock(mu_);
        codes_[code] = Code{upstream_code, p.challenge, p.page_redirect, now_ms() + kCodeTtlMs};
    }
    res.set_redirect(with_query(p.page_redirect, {{"code", code}, {"state", p.page_state}}), 302);
}

// [SECTION] Token ------------------------------------------------------------------------------------

void Broker::token(const httplib::Request& req, httplib::Response& res) {
    Params form = form_decode(req.body);
    std::string grant = param(form, "grant_type").value_or("");
    if (grant == "authorization_code") {
        std::string code = param(form, "code").value_or("");
        std::string verifier = param(form, "code_verifier").value_or("");
        std::string redirect = param(form, "redirect_uri").value_or("");
        Code c;
        {
            std::lock_guard<std::mutex> lock(mu_);
            expire(now_ms());
            auto it = codes_.find(code);
            if (it == codes_.end()) return json_error(res, 400, 1, "Invalid or expired code.");
            c = it->second;
            codes_.erase(it);  // single use, even when the checks below fail
        }
        if (!pkce_verifier_is_valid(verifier) || !same(pkce_challenge_s256(verifier), c.challenge))
            return json_error(res, 400, 1, "PKCE verification failed (code_verifier).");
        if (redirect != c.page_redirect) return json_error(res, 400, 1, "redirect_uri does not match.");
        upstream_token(form_encode({{"grant_type", "authorization_code"},
                                    {"code", c.upstream_code},
                                    {"redirect_uri", callback_url()},
                                    {"continuous_refresh", "true"}}),
                       res);
        return;
    }
    if (grant == "refresh_token") {
        std::string refresh = param(form, "refresh_token").value_or("");
        if (refresh.empty()) return json_error(res, 400, 1, "refresh_token is required.");
        Params up = {{"grant_type", "refresh_token"}, {"refresh_token", refresh}};
        if (auto s = param(form, "scope")) up.emplace_back("scope", *s);
        upstream_token(form_encode(up), res);
        return;
    }
    json_error(res, 400, 1, "Unsupported grant_type.");
}

void Broker::upstream_token(const std::string& form, httplib::Response& res) {
    auto cli = upstream_client(cfg_.upstream);
    httplib::Headers h = {{"Authorization", "Basic " + base64_encode(cfg_.app_id + ":" + cfg_.app_secret)}};
    auto r = cli->Post("/v5/oauth/token", h, form, "application/x-www-form-urlencoded");
    if (!r) return json_error(res, 502, 502, "Pinterest token endpoint unreachable: " + httplib::to_string(r.error()));
    res.status = r->status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(r->body, r->has_header("Content-Type") ? r->get_header_value("Content-Type") : "application/json");
}

// [SECTION] Proxy --------------------------------------------------------------------------------------

void Broker::proxy(const httplib::Request& req, httplib::Response& res) {
    static const std::string kPrefix = "/proxy";
    std::string target = req.target.substr(kPrefix.size());  // "/v5/..." with its query, still encoded
    if (!req.has_header("Authorization")) return json_error(res, 401, 2, "Authentication failed.");
    httplib::Headers h = {{"Authorization", req.get_header_value("Authorization")}, {"Accept", "application/json"}};
    std::string ctype = req.has_header("Content-Type") ? req.get_header_value("Content-Type") : "application/json";
    auto cli = upstream_client(cfg_.upstream);
    httplib::Result r{nullptr, httplib::Error::Unknown};
    if (req.method == "GET" || req.method == "HEAD") r = cli->Get(target.c_str(), h);
    else if (req.method == "POST") r = cli->Post(target.c_str(), h, req.body, ctype.c_str());
    else if (req.method == "PATCH") r = cli->Patch(target.c_str(), h, req.body, ctype.c_str());
    else if (req.method == "PUT") r = cli->Put(target.c_str(), h, req.body, ctype.c_str());
    else if (req.method == "DELETE") r = cli->Delete(target.c_str(), h, req.body, ctype.c_str());
    else return json_error(res, 405, 405, "Method not allowed.");
    if (!r) return json_error(res, 502, 502, "Pinterest API unreachable: " + httplib::to_string(r.error()));
    res.status = r->status;
    for (const char* name : {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"})
        if (r->has_header(name)) res.set_header(name, r->get_header_value(name));
    if (!r->body.empty())
        res.set_content(r->body, r->has_header("Content-Type") ? r->get_header_value("Content-Type") : "application/json");
}

}  // namespace pinlab::server
