// broker.cpp — the token broker and API proxy for the real Pinterest API (see broker.h for the flow).
// Untested against api.pinterest.com (no internet here); the tests run it against a second
// pinlab-server whose emulator is in the Strict flavour, which behaves as production documents.
#include "server/broker.h"

#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <sys/stat.h>

#include <chrono>
#include <cmath>
#include <fstream>

#include "core/crypto.h"
#include "core/json.h"
#include "core/url.h"
#include "server/http_text.h"

namespace pinlab::server {

namespace {

constexpr int64_t kCodeTtlMs = 60 * 1000;  // the page exchanges its code right away
constexpr double kMinKeyBits = 160;        // a key file's key, as key_entropy_bits measures it
constexpr int kTokenCallsPerMinute = 30;   // refreshes and revocations per address (a page needs a few)
constexpr size_t kMaxCallers = 100000;     // addresses with a budget this minute

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void json_error(httplib::Response& res, int status, int code, const std::string& message) {
    res.status = status;
    res.set_content(json_error_body(code, message), "application/json");
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

std::unique_ptr<httplib::Client> upstream_client(const std::string& upstream, int timeout_ms) {
    auto c = std::make_unique<httplib::Client>(upstream);
    const time_t s = timeout_ms / 1000, us = (timeout_ms % 1000) * 1000;
    c->set_connection_timeout(s, us);
    c->set_read_timeout(s, us);
    c->set_write_timeout(s, us);
    return c;
}

std::string hmac256(const std::string& key, const std::string& data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
         data.size(), out, &len);
    return std::string(reinterpret_cast<char*>(out), len);
}

std::string query_of(const httplib::Request& req) {
    size_t q = req.target.find('?');
    return q == std::string::npos ? std::string() : req.target.substr(q + 1);
}

const char kCodeAad[] = "pinlab-broker-code-v1";

}  // namespace

// [SECTION] Keys, signing and sealing ---------------------------------------------------------------

// Bits of entropy in `key` as its own letter frequencies tell (Shannon, times its length): a
// 32-byte random key written as hex (`openssl rand -hex 32`) measures ~240, forty 'k's measure 0.
double key_entropy_bits(std::string_view key) {
    int counts[256] = {};
    for (char c : key) ++counts[static_cast<unsigned char>(c)];
    double bits = 0;
    for (int n : counts)
        if (n > 0) {
            double p = static_cast<double>(n) / static_cast<double>(key.size());
            bits -= static_cast<double>(n) * std::log2(p);
        }
    return bits;
}

bool load_broker_keys(const std::string& path, std::vector<std::string>& keys, std::string& error) {
    std::ifstream f(path, std::ios::binary);
    struct stat st{};
    if (!f || ::stat(path.c_str(), &st) != 0) {
        error = "cannot read the broker key file " + path;
        return false;
    }
    // Whoever can write the file can forge every sign-in: it must be writable by its owner only.
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        error = "broker key file " + path + " is writable by others (chmod 600 " + path + ")";
        return false;
    }
    keys.clear();
    std::string line;
    while (std::getline(f, line) && keys.size() < 8) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (line.empty()) continue;
        if (line.size() < 32 || key_entropy_bits(line) < kMinKeyBits) {
            error = "broker key file " + path +
                    ": each key must be at least 32 random bytes, written out (try: openssl rand -hex 32)";
            return false;
        }
        keys.push_back(line);
    }
    if (keys.empty()) {
        error = "broker key file " + path + " holds no key (try: openssl rand -hex 32 > " + path + ")";
        return false;
    }
    return true;
}

BrokerSeal::BrokerSeal(std::vector<std::string> keys) {
    if (keys.empty()) keys.push_back(random_token(32));
    for (const auto& k : keys) keys_.push_back(Keys{hmac256(k, "pinlab broker state mac"), hmac256(k, "pinlab broker code enc")});
}

std::string BrokerSeal::sign(const std::string& payload) const {
    std::string body = base64url_encode(payload);
    return body + "." + base64url_encode(hmac256(keys_[0].mac, body));
}

bool BrokerSeal::verify(const std::string& token, std::string& payload) const {
    if (token.size() > 4096) return false;
    size_t dot = token.find('.');
    if (dot == std::string::npos) return false;
    std::string body = token.substr(0, dot), mac = token.substr(dot + 1);
    bool ok = false;
    for (const auto& k : keys_) ok |= same(base64url_encode(hmac256(k.mac, body)), mac);  // current, then previous
    if (!ok) return false;
    auto p = base64url_decode(body);
    if (!p) return false;
    payload = std::move(*p);
    return true;
}

std::string BrokerSeal::seal(const std::string& plaintext) const {
    unsigned char iv[12];
    if (!secure_random(iv, sizeof iv)) return {};
    std::string out(reinterpret_cast<char*>(iv), sizeof iv);
    std::string ct(plaintext.size(), '\0');
    unsigned char tag[16];
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    int len = 0, ok = ctx != nullptr;
    const auto* key = reinterpret_cast<const unsigned char*>(keys_[0].enc.data());
    ok = ok && EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, key, iv) == 1;
    ok = ok && EVP_EncryptUpdate(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(kCodeAad), sizeof kCodeAad - 1) == 1;
    ok = ok && EVP_EncryptUpdate(ctx, reinterpret_cast<unsigned char*>(ct.data()), &len,
                                 reinterpret_cast<const unsigned char*>(plaintext.data()), static_cast<int>(plaintext.size())) == 1;
    ok = ok && EVP_EncryptFinal_ex(ctx, nullptr, &len) == 1;
    ok = ok && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, sizeof tag, tag) == 1;
    EVP_CIPHER_CTX_free(ctx);
    if (!ok) return {};
    return base64url_encode(out + ct + std::string(reinterpret_cast<char*>(tag), sizeof tag));
}

bool BrokerSeal::open(const std::string& sealed, std::string& plaintext) const {
    if (sealed.size() > 4096) return false;
    auto raw = base64url_decode(sealed);
    if (!raw || raw->size() < 12 + 16) return false;
    const auto* iv = reinterpret_cast<const unsigned char*>(raw->data());
    std::string ct = raw->substr(12, raw->size() - 28);
    std::string tag = raw->substr(raw->size() - 16);
    for (const auto& k : keys_) {
        std::string pt(ct.size(), '\0');
        EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
        int len = 0, ok = ctx != nullptr;
        ok = ok && EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, reinterpret_cast<const unsigned char*>(k.enc.data()), iv) == 1;
        ok = ok && EVP_DecryptUpdate(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(kCodeAad), sizeof kCodeAad - 1) == 1;
        ok = ok && EVP_DecryptUpdate(ctx, reinterpret_cast<unsigned char*>(pt.data()), &len,
                                     reinterpret_cast<const unsigned char*>(ct.data()), static_cast<int>(ct.size())) == 1;
        ok = ok && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, tag.data()) == 1;
        ok = ok && EVP_DecryptFinal_ex(ctx, nullptr, &len) == 1;
        EVP_CIPHER_CTX_free(ctx);
        if (ok) {
            plaintext = std::move(pt);
            return true;
        }
    }
    return false;
}

// [SECTION] Routing ------------------------------------------------------------------------------------

Broker::Broker(BrokerConfig cfg, std::string origin, const Limits& limits, std::vector<std::string> keys)
    : cfg_(std::move(cfg)), origin_(std::move(origin)), limits_(limits), seal_(std::move(keys)),
      slots_(limits.proxy_max_concurrent) {}

bool Broker::handles(const std::string& path) const {
    return path == "/broker/authorize" || path == "/broker/callback" || path == "/broker/token" ||
           path == "/broker/revoke" || path.rfind("/proxy/", 0) == 0;
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

void Broker::handle(const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    struct Route {
        const char* path;
        const char* method;
        void (Broker::*serve)(const httplib::Request&, httplib::Response&);
    };
    static const Route kRoutes[] = {{"/broker/authorize", "GET", &Broker::authorize},
                                    {"/broker/callback", "GET", &Broker::callback},
                                    {"/broker/token", "POST", &Broker::token},
                                    {"/broker/revoke", "POST", &Broker::revoke}};
    for (const Route& r : kRoutes) {
        if (req.path != r.path) continue;
        if (req.method != r.method) return json_error(res, 405, 405, "Method not allowed.");
        return (this->*r.serve)(req, res);
    }
    return proxy(req, res);
}

// [SECTION] Authorization --------------------------------------------------------------------------

void Broker::authorize(const httplib::Request& req, httplib::Response& res) {
    Params q = parse_query(query_of(req));
    std::string redirect = param(q, "redirect_uri").value_or("");
    std::string challenge = param(q, "code_challenge").value_or("");
    std::string method = param(q, "code_challenge_method").value_or("");
    std::string state = param(q, "state").value_or("");
    std::string scope = param(q, "scope").value_or("");
    if (!redirect_allowed(redirect)) return json_error(res, 400, 1, "redirect_uri is not registered with the broker.");
    if (method != "S256" || !valid_challenge(challenge))
        return json_error(res, 400, 1, "code_challenge (S256) is required.");
    if (state.empty() || state.size() > 512 || scope.size() > 1024) return json_error(res, 400, 1, "Invalid state or scope.");

    // Nothing is stored: the state Pinterest hands back carries the sign-in, signed and expiring.
    json payload = {{"c", challenge}, {"r", redirect}, {"s", scope}, {"p", state},
                    {"x", now_ms() + static_cast<int64_t>(limits_.sign_in_ttl_s) * 1000}, {"n", random_token(8)}};
    std::string broker_state = seal_.sign(json_dump(payload));
    Params up = {{"client_id", cfg_.app_id}, {"redirect_uri", callback_url()}, {"response_type", "code"},
                 {"scope", scope}, {"state", broker_state}};
    res.set_redirect(with_query(authorize_url(), up), 302);
}

void Broker::callback(const httplib::Request& req, httplib::Response& res) {
    Params q = parse_query(query_of(req));
    std::string payload;
    if (!seal_.verify(param(q, "state").value_or(""), payload))
        return json_error(res, 400, 1, "Unknown or expired sign-in (state).");
    auto j = json_parse(payload);
    if (!j || !j->is_object() || !(*j)["c"].is_string() || !(*j)["r"].is_string() || !(*j)["p"].is_string() ||
        !(*j)["x"].is_number_integer() || (*j)["x"].get<int64_t>() < now_ms())
        return json_error(res, 400, 1, "Unknown or expired sign-in (state).");
    const std::string challenge = (*j)["c"].get<std::string>(), page_redirect = (*j)["r"].get<std::string>(),
                      page_state = (*j)["p"].get<std::string>();
    if (!redirect_allowed(page_redirect)) return json_error(res, 400, 1, "Unknown or expired sign-in (state).");
    auto error = param(q, "error");
    if (error) {
        Params back = {{"error", *error}, {"state", page_state}};
        if (auto d = param(q, "error_description")) back.emplace_back("error_description", *d);
        return res.set_redirect(with_query(page_redirect, back), 302);
    }
    std::string upstream_code = param(q, "code").value_or("");
    if (upstream_code.empty() || upstream_code.size() > 1024) return json_error(res, 400, 1, "No code in the callback.");
    // The page's code is Pinterest's, sealed with what it is bound to: Pinterest's code never
    // reaches the page, and any broker instance with the key file can redeem it.
    std::string code = seal_.seal(json_dump(json{{"u", upstream_code}, {"c", challenge}, {"r", page_redirect},
                                                  {"x", now_ms() + kCodeTtlMs}}));
    if (code.empty()) return json_error(res, 500, 500, "Could not seal the code.");
    res.set_redirect(with_query(page_redirect, {{"code", code}, {"state", page_state}}), 302);
}

// [SECTION] Token ------------------------------------------------------------------------------------

void Broker::token(const httplib::Request& req, httplib::Response& res) {
    Params form = form_decode(req.body);
    std::string grant = param(form, "grant_type").value_or("");
    if (grant == "authorization_code") {
        std::string code = param(form, "code").value_or("");
        std::string verifier = param(form, "code_verifier").value_or("");
        std::string redirect = param(form, "redirect_uri").value_or("");
        std::string plain;
        auto c = seal_.open(code, plain) ? json_parse(plain) : std::nullopt;
        if (!c || !c->is_object() || !(*c)["u"].is_string() || !(*c)["c"].is_string() || !(*c)["r"].is_string() ||
            !(*c)["x"].is_number_integer() || (*c)["x"].get<int64_t>() < now_ms())
            return json_error(res, 400, 1, "Invalid or expired code.");
        // Single use is Pinterest's: its code inside is redeemed once (a replay is refused there).
        const std::string challenge = (*c)["c"].get<std::string>(), page_redirect = (*c)["r"].get<std::string>(),
                          upstream_code = (*c)["u"].get<std::string>();
        if (!pkce_verifier_is_valid(verifier) || !same(pkce_challenge_s256(verifier), challenge))
            return json_error(res, 400, 1, "PKCE verification failed (code_verifier).");
        if (redirect != page_redirect) return json_error(res, 400, 1, "redirect_uri does not match.");
        upstream_form("/v5/oauth/token", form_encode({{"grant_type", "authorization_code"},
                                    {"code", upstream_code},
                                    {"redirect_uri", callback_url()},
                                    {"continuous_refresh", "true"}}),
                       res, req.remote_addr);
        return;
    }
    if (grant == "refresh_token") {
        std::string refresh = param(form, "refresh_token").value_or("");
        if (refresh.empty()) return json_error(res, 400, 1, "refresh_token is required.");
        if (!within_budget(req.remote_addr, res)) return;  // a refresh token proves nothing to the broker
        Params up = {{"grant_type", "refresh_token"}, {"refresh_token", refresh}};
        if (auto s = param(form, "scope")) up.emplace_back("scope", *s);
        upstream_form("/v5/oauth/token", form_encode(up), res, req.remote_addr);
        return;
    }
    json_error(res, 400, 1, "Unsupported grant_type.");
}

void Broker::revoke(const httplib::Request& req, httplib::Response& res) {
    // Sign-out: the page hands back its token; the broker revokes it upstream with the app's secret.
    Params form = form_decode(req.body);
    std::string token = param(form, "token").value_or("");
    if (token.empty() || token.size() > 4096) return json_error(res, 400, 1, "token is required.");
    if (!within_budget(req.remote_addr, res)) return;
    Params up = {{"token", token}};
    if (auto hint = param(form, "token_type_hint")) up.emplace_back("token_type_hint", *hint);
    upstream_form("/v5/oauth/token/revoke", form_encode(up), res, req.remote_addr);
}

Broker::UpstreamCall Broker::enter_upstream(const std::string& who, httplib::Response& res) {
    // Callers stuck on a slow upstream hold their address's fair share, and leave a slot for others.
    // A refused caller that holds none waits a little, its turn first; if greedy addresses hold every
    // slot, their longest call is cancelled for it (closing its socket: httplib's Client::stop). Few
    // handlers wait at once (one per address, half the slots in all), so waiting cannot hold the workers.
    UpstreamCall call;
    const int64_t deadline = now_ms() + kSlotWaitMs;
    std::unique_lock<std::mutex> lock(mu_);
    UpstreamSlots::Answer a = slots_.enter(who, now_ms(), &call.id);
    const int max_waiters = std::max(1, limits_.proxy_max_concurrent / 2);
    if (a == UpstreamSlots::Answer::Full && slot_waiters_.count(who)) slots_.mark_greedy(who, now_ms());
    if (a == UpstreamSlots::Answer::Full && !slots_.greedy(who, now_ms()) &&
        static_cast<int>(slot_waiters_.size()) < max_waiters) {
        slot_waiters_.insert(who);
        while (a == UpstreamSlots::Answer::Full && now_ms() < deadline && !slots_.greedy(who, now_ms())) {
            if (uint64_t victim = slots_.preempt_for(who, now_ms())) {
                auto it = clients_.find(victim);
                if (it != clients_.end()) {
                    std::shared_ptr<httplib::Client> c = it->second;
                    lock.unlock();
                    c->stop();  // may wait for the call's connect: not under the lock
                    lock.lock();
                }
            }
            slot_freed_.wait_for(lock, std::chrono::milliseconds(20));
            a = slots_.enter(who, now_ms(), &call.id);
        }
        slot_waiters_.erase(who);
    }
    lock.unlock();
    if (a == UpstreamSlots::Answer::Granted) {
        call.client = upstream_client(cfg_.upstream, limits_.proxy_timeout_ms);  // parses the URL: not under the lock
        lock.lock();
        clients_[call.id] = call.client;  // long before it could be chosen to be cancelled (kPreemptAfterMs)
        return call;
    }
    res.set_header("Retry-After", "1");
    json_error(res, 503, 503, a == UpstreamSlots::Answer::Full
                                  ? "Too many calls to Pinterest in progress; try again shortly."
                                  : "Too many of your calls to Pinterest are in progress; try again shortly.");
    return {};
}

bool Broker::leave_upstream(const std::string& who, const UpstreamCall& call) {
    bool cancelled;
    {
        std::lock_guard<std::mutex> lock(mu_);
        clients_.erase(call.id);
        cancelled = slots_.leave(who, call.id);
    }
    slot_freed_.notify_all();
    return cancelled;
}

void Broker::cancelled_error(httplib::Response& res) {
    res.set_header("Retry-After", "1");
    json_error(res, 503, 503,
               "Your call to Pinterest was cancelled: it held one of the broker's slots for over " +
                   std::to_string(UpstreamSlots::kPreemptAfterMs) +
                   " ms while other callers had none, and your address has asked for more than its share of "
                   "calls at once (--proxy-max-concurrent).");
}

bool Broker::within_budget(const std::string& who, httplib::Response& res) {
    const int64_t minute = now_ms() / 60000;
    std::lock_guard<std::mutex> lock(mu_);
    if (budget_.size() >= kMaxCallers)  // old windows go first; a table still full of this minute's callers refuses
        for (auto it = budget_.begin(); it != budget_.end();) it = it->second.minute < minute ? budget_.erase(it) : std::next(it);
    auto it = budget_.find(who);
    if (it == budget_.end()) {
        if (budget_.size() >= kMaxCallers) {
            res.set_header("Retry-After", "60");
            json_error(res, 503, 503, "Too many sign-ins in progress; try again in a minute.");
            return false;
        }
        it = budget_.emplace(who, Window{minute, 0}).first;
    }
    Window& w = it->second;
    if (w.minute != minute) w = Window{minute, 0};
    if (w.used >= kTokenCallsPerMinute) {
        res.set_header("Retry-After", std::to_string(60 - (now_ms() / 1000) % 60));
        json_error(res, 429, 429, "Too many token requests from this address; try again in a minute.");
        return false;
    }
    ++w.used;
    return true;
}

void Broker::upstream_form(const std::string& path, const std::string& form, httplib::Response& res,
                           const std::string& who) {
    UpstreamCall call = enter_upstream(who, res);
    if (!call.client) return;
    httplib::Headers h = {{"Authorization", "Basic " + base64_encode(cfg_.app_id + ":" + cfg_.app_secret)}};
    auto r = call.client->Post(path.c_str(), h, form, "application/x-www-form-urlencoded");
    const bool cancelled = leave_upstream(who, call);
    if (!r && cancelled) return cancelled_error(res);
    if (!r) return json_error(res, 502, 502, "Pinterest token endpoint unreachable: " + httplib::to_string(r.error()));
    res.status = r->status;
    res.set_header("Cache-Control", "no-store");
    std::string ct = r->has_header("Content-Type") ? r->get_header_value("Content-Type") : "application/json";
    if (!r->body.empty() && !proxy_content_type_allowed(ct))
        return json_error(res, 502, 502, "Pinterest answered with an unexpected Content-Type.");
    if (!r->body.empty()) res.set_content(r->body, ct);
}

bool proxy_path_safe(const std::string& target) {
    std::string path = target.substr(0, target.find('?'));
    if (path.rfind("/v5/", 0) != 0 || path.size() > 2048) return false;
    // Decode once and look at the segments Pinterest would see; an encoded slash or a second layer
    // of encoding is refused outright rather than interpreted.
    auto decoded = percent_decode(path, false);
    if (!decoded) return false;
    for (char c : *decoded)
        if (c == '\\' || c == '%' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
    if (decoded->find("//") != std::string::npos) return false;
    size_t i = 1;
    while (i <= decoded->size()) {
        size_t slash = decoded->find('/', i);
        if (slash == std::string::npos) slash = decoded->size();
        std::string_view seg(decoded->data() + i, slash - i);
        if (seg == "." || seg == "..") return false;
        if (seg.empty() && slash != decoded->size()) return false;
        i = slash + 1;
    }
    for (size_t k = 0; k + 2 < path.size(); ++k)
        if (path[k] == '%' && path[k + 1] == '2' && (path[k + 2] == 'f' || path[k + 2] == 'F')) return false;
    return true;
}

bool proxy_content_type_allowed(const std::string& content_type) {
    std::string t = content_type.substr(0, content_type.find(';'));
    while (!t.empty() && t.back() == ' ') t.pop_back();
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return t == "application/json" || t == "image/png" || t == "image/jpeg" || t == "image/gif" || t == "image/webp";
}

// [SECTION] Proxy --------------------------------------------------------------------------------------

void Broker::proxy(const httplib::Request& req, httplib::Response& res) {
    static const std::string kPrefix = "/proxy";
    std::string target = req.target.substr(kPrefix.size());  // "/v5/..." with its query, still encoded
    if (!proxy_path_safe(target)) return json_error(res, 400, 1, "Invalid path.");
    if (!req.has_header("Authorization")) return json_error(res, 401, 2, "Authentication failed.");
    httplib::Headers h = {{"Authorization", req.get_header_value("Authorization")}, {"Accept", "application/json"}};
    std::string ctype = req.has_header("Content-Type") ? req.get_header_value("Content-Type") : "application/json";
    if (req.method != "GET" && req.method != "HEAD" && req.method != "POST" && req.method != "PATCH" &&
        req.method != "PUT" && req.method != "DELETE")
        return json_error(res, 405, 405, "Method not allowed.");
    UpstreamCall call = enter_upstream(req.remote_addr, res);
    if (!call.client) return;
    httplib::Client* cli = call.client.get();
    httplib::Result r{nullptr, httplib::Error::Unknown};
    if (req.method == "GET" || req.method == "HEAD") r = cli->Get(target.c_str(), h);
    else if (req.method == "POST") r = cli->Post(target.c_str(), h, req.body, ctype.c_str());
    else if (req.method == "PATCH") r = cli->Patch(target.c_str(), h, req.body, ctype.c_str());
    else if (req.method == "PUT") r = cli->Put(target.c_str(), h, req.body, ctype.c_str());
    else r = cli->Delete(target.c_str(), h, req.body, ctype.c_str());
    const bool cancelled = leave_upstream(req.remote_addr, call);
    if (!r && cancelled) return cancelled_error(res);
    if (!r) return json_error(res, 502, 502, "Pinterest API unreachable: " + httplib::to_string(r.error()));
    std::string ct = r->has_header("Content-Type") ? r->get_header_value("Content-Type") : "application/json";
    // Served from Pinlab's origin: only what the app reads (JSON, images), never HTML or script.
    if (!r->body.empty() && !proxy_content_type_allowed(ct))
        return json_error(res, 502, 502, "Pinterest answered with an unexpected Content-Type.");
    res.status = r->status;
    for (const char* name : {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"})
        if (r->has_header(name)) res.set_header(name, r->get_header_value(name));
    if (!r->body.empty()) res.set_content(r->body, ct);
}

}  // namespace pinlab::server
