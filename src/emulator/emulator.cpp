// emulator.cpp — the front door: URL routing (consent page, /v5 API, images, control endpoints), bearer-token
// authentication, scope and sandbox checks, rate limits, CORS per flavour and fault injection.
#include "emulator/emulator.h"

#include <cmath>
#include <cstring>

#include "core/network_effects.h"
#include "emulator/impl.h"

namespace pinlab::emu {

// [SECTION] Default clients

namespace {
std::vector<std::string> demo_redirects(const std::string& prefix) {
    if (!prefix.empty()) return {prefix + "/oauth/callback", prefix + "/"};
    return {"http://localhost:8080/oauth/callback", "http://localhost:8080/", "http://127.0.0.1:8080/oauth/callback",
            "http://127.0.0.1:8080/"};
}
}  // namespace

ClientApp default_demo_client(const std::string& redirect_uri_prefix) {
    ClientApp c;
    c.client_id = "pinlab-demo";
    c.redirect_uris = demo_redirects(redirect_uri_prefix);
    c.name = "Pinlab";
    return c;
}

ClientApp default_confidential_client(const std::string& redirect_uri_prefix) {
    ClientApp c;
    c.client_id = "pinlab-confidential";
    c.redirect_uris = demo_redirects(redirect_uri_prefix);
    c.secret = "pinlab-demo-secret";
    c.name = "Pinlab (server)";
    return c;
}

// [SECTION] Construction and state

Emulator::Impl::Impl(Options o) : opts(std::move(o)) {
    if (opts.clients.empty()) {
        opts.clients.push_back(default_demo_client());
        opts.clients.push_back(default_confidential_client());
    }
    if (opts.pin_count < 0) opts.pin_count = 0;
    if (opts.pin_count > 100000) opts.pin_count = 100000;
    initial_faults = opts.faults;
    reset();
}

void Emulator::Impl::reset() {
    // The seed data is built on first use, not here: the page creates an emulator when Demo is
    // chosen, and its first frame should not wait ~100 ms (in WASM) for 1,000 pins nobody asked for yet.
    store = Store{};
    seeded = false;
    limiter.clear();
    png_cache.clear();
    revoked_families.clear();
    code_expiry.clear();
    codes_per_issuer.clear();
    secret_failures.clear();
    issued_since_prune = 0;
    fault_rng.state = mix64(opts.seed ^ 0xFA017ull);
    opts.faults = initial_faults;
    fired.clear();
    fired_total = 0;
}

Emulator::Emulator(Options opts) : impl_(std::make_unique<Impl>(std::move(opts))) {}
Emulator::~Emulator() = default;
Faults& Emulator::faults() { return impl_->opts.faults; }
const Options& Emulator::options() const { return impl_->opts; }
void Emulator::set_catalogue(std::shared_ptr<const Catalogue> catalogue) { impl_->opts.catalogue = std::move(catalogue); }
void Emulator::reset() { impl_->reset(); }
void Emulator::Impl::ensure_seeded() {
    if (seeded) return;
    build_seed(store, opts);
    seeded = true;
}

void Emulator::prepare() { impl_->ensure_seeded(); }

Response Emulator::handle(const Request& req, int64_t now_ms) {
    impl_->ensure_seeded();
    return impl_->handle(req, now_ms);
}

Response Emulator::handle(const Request& req, int64_t now_ms, json* parsed_body) {
    ParsedBodyScope scope(req, parsed_body);
    return handle(req, now_ms);
}

Response Emulator::handle(const Request& req, int64_t now_ms, json* parsed_body,
                          std::shared_ptr<const std::string>* shared_body) {
    struct Lend {  // serve_image hands kept bytes to `shared_body` for this request only
        Impl& im;
        Lend(Impl& i, std::shared_ptr<const std::string>* out) : im(i) { im.shared_out = out; }
        ~Lend() { im.shared_out = nullptr; }
    } lend(*impl_, shared_body);
    if (shared_body) shared_body->reset();
    return handle(req, now_ms, parsed_body);
}

std::string Emulator::mint_access_token(const std::string& client_id, const std::vector<std::string>& scopes,
                                        int64_t now_ms, const std::string& account) {
    const AccountInfo* who = find_account(account);
    if (!impl_->find_client(client_id) || !who) return {};
    impl_->ensure_seeded();
    return impl_->issue(false, key64(client_id), scope_bits(scopes), now_ms, 2592000, 0, account_index(who));
}

size_t Emulator::memory_estimate() const {
    impl_->ensure_seeded();  // the estimate is of the seeded state (impl_ is a pointer: logically const)
    const Store& s = impl_->store;
    size_t n = sizeof(Impl);
    auto str = [](const std::string& x) { return sizeof(std::string) + (x.capacity() > 15 ? x.capacity() : 0); };
    auto ostr = [&](const std::optional<std::string>& x) { return x ? str(*x) : sizeof(x); };
    constexpr size_t kNode = 48;  // map node overhead (pointers, colour) on 64-bit
    for (const auto& [id, p] : s.pins) {
        n += kNode + str(id) + sizeof(Pin) + str(p.board_id) + str(p.section_id) + ostr(p.title) +
             ostr(p.description) + ostr(p.link) + ostr(p.alt_text) + ostr(p.dominant_color) + str(p.parent_pin_id);
        for (const auto& it : p.items)
            n += sizeof(CarouselItem) + ostr(it.title) + ostr(it.description) + ostr(it.link) + (it.image.bytes ? it.image.bytes->capacity() : 0);
    }
    for (const auto& [id, b] : s.boards) n += kNode + str(id) + sizeof(Board) + str(b.name) + ostr(b.description);
    for (const auto& [id, x] : s.sections) n += kNode + str(id) + sizeof(Section) + str(x.name);
    n += (s.pin_order.size() + s.board_order.size() + s.section_order.size() + s.media_order.size()) * (kNode + 40);
    n += s.media.size() * (kNode + sizeof(MediaItem) + 40);
    n += s.following.size() * (2 * kNode + sizeof(Follow) + 64) + s.websites.size() * (2 * kNode + sizeof(Website) + 64);
    for (const auto& [id, st] : s.other_social)
        n += st.following.size() * (2 * kNode + sizeof(Follow) + 64) + st.websites.size() * (2 * kNode + sizeof(Website) + 64);
    // Hash nodes: the entry, a next pointer and malloc's header; plus a bucket pointer each.
    n += s.tokens.size() * (sizeof(std::pair<Digest, Token>) + 32) + s.codes.size() * (sizeof(std::pair<Digest, AuthCode>) + 32);
    n += impl_->png_cache.bytes();
    for (const auto& [user, a] : s.generic.accounts) n += a.bytes + a.objects * (kNode + 64);  // kept as JSON text
    return n;
}

// [SECTION] Routing

namespace {

Response not_found() { return error_response(404, 404, "Not found."); }

constexpr const char* kFaultKinds[] = {"429", "401", "403", "500", "503", "timeout", "malformed", "truncated", "drop"};
constexpr size_t kMaxNext = 50;   // one-shots queued at once
constexpr size_t kMaxFired = 20;  // fired ones reported

const char* flavor_json(Flavor f) {
    return f == Flavor::Sandbox ? "sandbox" : f == Flavor::Strict ? "strict" : "public";
}

}  // namespace

bool is_fault_kind(std::string_view kind) {
    for (const char* k : kFaultKinds)
        if (kind == k) return true;
    return false;
}

json Emulator::Impl::faults_json() const {
    const Faults& f = opts.faults;
    json fired_list = json::array();
    for (const auto& e : fired)
        fired_list.push_back(json{{"fault", e.fault}, {"method", e.method}, {"path", e.path}, {"at_ms", e.at_ms}});
    return json{{"latency_ms", f.latency_ms}, {"p_5xx", f.p_5xx},   {"p_429", f.p_429},
                {"p_malformed", f.p_malformed}, {"p_truncated", f.p_truncated}, {"p_drop", f.p_drop},
                {"expire_tokens_now", f.expire_tokens_now}, {"next", f.next}, {"fired", std::move(fired_list)},
                {"fired_total", fired_total}, {"flavor", flavor_json(opts.flavor)}};
}

void Emulator::Impl::append_media_base(std::string& out) const {
    std::string_view base = opts.public_base_url;
    while (!base.empty() && base.back() == '/') base.remove_suffix(1);
    out += base;
}

std::string Emulator::Impl::media_url(const std::string& path) const {
    std::string url;
    append_media_base(url);
    return url += path;
}

bool Emulator::Impl::origin_allowed(std::string_view origin) const {
    if (origin.empty()) return false;
    for (const auto& o : opts.allowed_origins)
        if (o == "*" || o == origin) return true;
    return false;
}

void Emulator::Impl::add_cors(const Request& req, Response& resp) {
    if (opts.flavor == Flavor::Strict) return;
    std::string_view origin = req.headers.get("Origin");
    if (!origin_allowed(origin)) return;
    resp.headers.set("Access-Control-Allow-Origin", std::string(origin));
    resp.headers.set("Vary", "Origin");
    resp.headers.set("Access-Control-Expose-Headers",
                     "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, X-Emulator-Source");
}

Response Emulator::Impl::handle(const Request& req, int64_t now_ms) {
    if (opts.faults.expire_tokens_now) {
        // One-shot: every access token issued so far expires now; tokens issued later are unaffected.
        for (auto& [k, t] : store.tokens)
            if (!t.refresh && t.expires_ms > now_ms) t.expires_ms = now_ms;
        opts.faults.expire_tokens_now = false;
    }
    auto url = parse_url(req.url);
    if (!url) return error_response(400, 1, "Invalid request URL.");
    auto path = percent_decode(url->path);
    if (!path || !utf8_valid(*path)) return error_response(400, 1, "Invalid request URL.");
    Ctx c{req, now_ms, *path, parse_query(url->query), {}, nullptr, nullptr};

    const bool api = starts_with(c.path, "/v5/") || c.path == "/v5";
    Response resp;
    if (req.method == "OPTIONS") {
        if (opts.flavor == Flavor::Strict) {
            resp = error_response(405, 405, "Method not allowed.");
        } else if (!origin_allowed(req.headers.get("Origin"))) {
            resp = error_response(403, 403, "Origin not allowed.");
        } else {
            resp.status = 204;
            add_cors(req, resp);
            resp.headers.set("Access-Control-Allow-Methods", "GET, POST, PATCH, PUT, DELETE, OPTIONS");
            std::string_view asked = req.headers.get("Access-Control-Request-Headers");
            resp.headers.set("Access-Control-Allow-Headers",
                             asked.empty() ? std::string("Authorization, Content-Type") : std::string(asked));
            resp.headers.set("Access-Control-Max-Age", "600");
        }
        return resp;
    }

    if (!api) {
        resp = route(c);
        add_cors(req, resp);
        return resp;
    }

    // Faults apply to the API only. One draw per kind per request keeps the sequence deterministic.
    Faults& f = opts.faults;
    double d_drop = fault_rng.unit(), d_5xx = fault_rng.unit(), d_429 = fault_rng.unit();
    double d_bad = fault_rng.unit(), d_cut = fault_rng.unit();
    bool five = fault_rng.next() & 1;
    // A one-shot fault takes the place of the draws; the token endpoints are left alone (sign-in, refresh).
    std::string shot;
    if (!f.next.empty() && !starts_with(c.path, "/v5/oauth/")) {
        shot = f.next.front();
        f.next.erase(f.next.begin());
        fired.push_back(FiredFault{shot, req.method, c.path, now_ms});
        if (fired.size() > kMaxFired) fired.pop_front();
        ++fired_total;
        if (shot == "401") {  // as if the token had run out: every access token issued so far expires now
            for (auto& [k, t] : store.tokens)
                if (!t.refresh && t.expires_ms > now_ms) t.expires_ms = now_ms;
        }
    }
    if (shot == "drop" || (shot.empty() && d_drop < f.p_drop)) {
        resp.status = 502;
        resp.headers.set("X-Emulator-Drop", "1");
    } else if (shot == "500" || shot == "503" || (shot.empty() && d_5xx < f.p_5xx)) {
        resp = (shot.empty() ? five : shot == "503")
                   ? error_response(503, 503, "Service unavailable. Please try again later.")
                   : error_response(500, 500, "Something went wrong on our end. Please try again.");
    } else if (shot == "429" || (shot.empty() && d_429 < f.p_429)) {
        resp = rate_limited();
        if (!shot.empty()) {  // a window that starts over in 3 s, as the limiter would say it
            resp.headers.set("X-RateLimit-Limit", "10");
            resp.headers.set("X-RateLimit-Remaining", "0");
            resp.headers.set("X-RateLimit-Reset", "3");
        }
    } else if (shot == "403") {
        resp = error_response(403, 29, "You are not permitted to access that resource.");
    } else {
        resp = api_entry(c);
        act_as("");  // between requests the first account acts (snapshots, the consent page)
        bool is_json = resp.headers.get("Content-Type") == "application/json" && !resp.body.empty();
        if (is_json && (shot == "malformed" || (shot.empty() && d_bad < f.p_malformed))) {
            resp.body = "<html><body><h1>502 Bad Gateway</h1></body></html>";
            resp.headers.set("Content-Type", "text/html");
        } else if (is_json && (shot == "truncated" || (shot.empty() && d_cut < f.p_truncated))) {
            resp.body.resize(resp.body.size() / 2);
        }
    }
    if (shot == "timeout")  // held past any client's timeout: the transport reports one
        resp.headers.set("X-Emulator-Delay-Ms", std::to_string(std::llround(kMaxDelayMs)));
    else if (f.latency_ms > 0)
        resp.headers.set("X-Emulator-Delay-Ms", std::to_string(std::llround(f.latency_ms)));
    add_cors(req, resp);
    return resp;
}

Response Emulator::Impl::route(Ctx& c) {
    const std::string& m = c.req.method;
    if (c.path == "/oauth/" || c.path == "/oauth") {
        if (m == "GET") return consent_get(c);
        if (m == "POST") return consent_post(c);
        return error_response(405, 405, "Method not allowed.");
    }
    if (c.path == "/media/upload/" || c.path == "/media/upload") return media_upload(c);  // media.cpp
    if (starts_with(c.path, "/media/pins/") || starts_with(c.path, "/media/users/")) {
        if (m != "GET" && m != "HEAD") return error_response(405, 405, "Method not allowed.");
        return serve_image(c);
    }
    if (starts_with(c.path, "/_emulator/")) return control(c);
    return not_found();
}

// Not inlined: the Demo worker's build cuts its module here (scripts/split_worker.py).
[[gnu::noinline]] Response Emulator::Impl::control(Ctx& c) {
    if (!opts.control_endpoint) return not_found();
    if (auto allowed = control_allowed(c); !allowed) return allowed.refusal();
    const std::string& m = c.req.method;
    if (c.path == "/_emulator/faults") {
        if (m == "GET") return json_response(200, faults_json());
        if (m != "POST") return error_response(405, 405, "Method not allowed.");
        auto parsed = parse_json_body(c.req);
        if (!parsed) return parsed.refusal();
        json& body = *parsed;
        Faults next = opts.faults;
        for (auto it = body.begin(); it != body.end(); ++it) {
            const std::string& k = it.key();
            const json& v = it.value();
            if (k == "next") {
                if (!v.is_array() || v.size() > kMaxNext)
                    return error_response(400, 1, "Invalid parameters. 'next' must be a list of at most 50 faults.");
                next.next.clear();
                for (const auto& x : v) {
                    if (!x.is_string() || !is_fault_kind(x.get_ref<const std::string&>()))
                        return error_response(400, 1, "Invalid parameters. 'next' takes 429, 401, 403, 500, 503, "
                                                      "timeout, malformed, truncated or drop.");
                    next.next.push_back(x.get<std::string>());
                }
                continue;
            }
            if (k == "expire_tokens_now") {
                if (!v.is_boolean()) return error_response(400, 1, "Invalid parameters. 'expire_tokens_now' must be a boolean.");
                next.expire_tokens_now = v.get<bool>();
                continue;
            }
            double* target = k == "latency_ms"    ? &next.latency_ms
                             : k == "p_5xx"       ? &next.p_5xx
                             : k == "p_429"       ? &next.p_429
                             : k == "p_malformed" ? &next.p_malformed
                             : k == "p_truncated" ? &next.p_truncated
                             : k == "p_drop"      ? &next.p_drop
                                                  : nullptr;
            if (!target) return error_response(400, 1, "Invalid parameters. Unknown fault '" + k + "'.");
            if (!v.is_number()) return error_response(400, 1, "Invalid parameters. '" + k + "' must be a number.");
            double x = v.get<double>();
            bool ok = std::isfinite(x) && x >= 0 && (k == "latency_ms" ? x <= 600000 : x <= 1);
            if (!ok) return error_response(400, 1, "Invalid parameters. '" + k + "' is out of range.");
            *target = x;
        }
        opts.faults = next;
        return json_response(200, faults_json());
    }
    if (c.path == "/_emulator/reset") {
        if (m != "POST") return error_response(405, 405, "Method not allowed.");
        reset();
        return json_response(200, json{{"status", "reset"}});
    }
    return not_found();
}

bool Emulator::Impl::has_scope(const Token& t, std::string_view scope) const { return (t.scopes & scope_bit(scope)) != 0; }

Response Emulator::Impl::api_entry(Ctx& c) {
    std::string sub = c.path.substr(3);  // drop "/v5"
    OpMatch match = match_operation(c.req.method, sub);
    if (!match.op) {
        if (match.path_exists) return error_response(405, 405, "Method not allowed.");
        return not_found();
    }
    c.op = match.op;
    c.params = std::move(match.params);
    for (const auto& p : c.params)
        if (p.size() > 64) return error_response(404, 404, "Not found.");
    const char* id = c.op->operation_id;

    if (std::strcmp(id, "oauth/token") == 0 || std::strcmp(id, "token/revoke") == 0) {
        return oauth_entry(c, id[0] == 'o' ? &Impl::token : &Impl::revoke);
    }

    // Bearer token.
    std::string_view auth = c.req.headers.get("Authorization");
    if (auth.size() < 8 || !iequals(auth.substr(0, 7), "Bearer ")) return auth_failed();
    auto it = store.tokens.find(digest_of(auth.substr(7)));
    if (it == store.tokens.end() || it->second.refresh || !token_live(it->second, c.now)) return auth_failed();
    c.token = &it->second;
    act_as(account_key(it->second.user));

    if (opts.flavor == Flavor::Sandbox && !c.op->sandbox_enabled) return auth_failed();  // not in the sandbox (x-sandbox)

    for (const auto& s : op_scopes(*c.op)) {
        if (!has_scope(*c.token, s)) return scope_error();
    }

    return with_rate_limit(c, "token:" + digest_hex(it->first), &Impl::api);
}

Response Emulator::Impl::with_rate_limit(Ctx& c, const std::string& key, Response (Impl::*fn)(Ctx&)) {
    Headers rl;
    Response r = limiter.take(opts.rate_limit, key, c.op->ratelimit, c.now, rl) ? (this->*fn)(c) : rate_limited();
    // A full quota (403, 413) is not a rate limit: a window's Remaining and Reset would tell the client to retry.
    if (r.status == 403 || r.status == 413) {
        rl.remove("X-RateLimit-Remaining");
        rl.remove("X-RateLimit-Reset");
    }
    for (auto& h : rl.items) r.headers.set(h.first, h.second);
    return r;
}

Emulator::Impl::Handler Emulator::Impl::handler(std::string_view operation_id) {
    struct Entry {
        const char* id;
        Handler fn;
    };
    static const Entry kHandlers[] = {
        {"user_account/get", &Impl::get_user_account},
        {"user_account/analytics", &Impl::get_user_account_analytics},
        {"user_account/analytics/top_pins", &Impl::get_user_account_top_pins},
        {"boards/create", &Impl::create_board},
        {"boards/list", &Impl::list_boards},
        {"boards/get", &Impl::get_board},
        {"boards/delete", &Impl::delete_board},
        {"boards/update", &Impl::update_board},
        {"boards/list_pins", &Impl::list_board_pins},
        {"board_sections/list", &Impl::list_sections},
        {"board_sections/create", &Impl::create_section},
        {"board_sections/update", &Impl::update_section},
        {"board_sections/delete", &Impl::delete_section},
        {"board_sections/list_pins", &Impl::list_section_pins},
        {"pins/create", &Impl::create_pin},
        {"pins/list", &Impl::list_pins},
        {"pins/get", &Impl::get_pin},
        {"pins/update", &Impl::update_pin},
        {"pins/delete", &Impl::delete_pin},
        {"pins/save", &Impl::save_pin},
        {"pins/analytics", &Impl::get_pin_analytics},
        {"multi_pins/analytics", &Impl::get_multi_pin_analytics},
        {"search_user_pins/list", &Impl::search_pins},
        {"search_user_boards/get", &Impl::search_boards},
        {"media/list", &Impl::list_media},
        {"media/create", &Impl::register_media},
        {"media/get", &Impl::get_media},
        {"ad_accounts/list", &Impl::list_ad_accounts},
        {"user_account/analytics/top_video_pins", &Impl::get_user_account_top_video_pins},
        {"followers/list", &Impl::list_followers},
        {"user_following/get", &Impl::list_following},
        {"boards_user_follows/list", &Impl::list_following_boards},
        {"follow_user/update", &Impl::follow_user},
        {"user_websites/get", &Impl::list_websites},
        {"verify_website/update", &Impl::verify_website},
        {"unverify_website/delete", &Impl::unverify_website},
        {"website_verification/get", &Impl::get_website_verification},
        {"linked_business_accounts/get", &Impl::list_linked_businesses},
        {"get/business_employers", &Impl::list_business_employers},
        {"get/business_partners", &Impl::list_business_partners},
    };
    for (const auto& e : kHandlers)
        if (operation_id == e.id) return e.fn;
    return nullptr;
}

bool Emulator::modelled(std::string_view operation_id) { return Impl::handler(operation_id) != nullptr; }

Response Emulator::Impl::api(Ctx& c) {
    if (Handler fn = handler(c.op->operation_id)) {
        Response r = (this->*fn)(c);
        r.headers.set("X-Emulator-Source", "modelled");
        return r;
    }
    Response r = generic(c);  // generic.cpp: answers it from the catalogue
    r.headers.set("X-Emulator-Source", "generic");
    return r;
}

}  // namespace pinlab::emu
