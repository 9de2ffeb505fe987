// server.cpp — PinlabServer: cpp-httplib wired to the emulator, the static files and the access
// log (see server.h). Routing is by path prefix in one dispatch function rather than per-route
// regexes, so every method reaches the emulator with its body and unknown paths get one answer.
#include "server/server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <system_error>
#include <thread>

#include "core/crypto.h"
#include "core/json.h"
#include "core/network_effects.h"
#include "core/request_log.h"
#include "core/text.h"
#include "core/url.h"
#include "server/broker.h"
#include "server/flags.h"
#include "server/turn_mutex.h"
#include "server/http_front.h"
#include "server/http_text.h"
#include "server/json_budget.h"
#include "server/state_store.h"
#include "server/static_files.h"

namespace pinlab::server {

namespace {

using Clock = std::chrono::steady_clock;

// [SECTION] Per-request state for the access log ------------------------------------------------
// httplib handles a connection on one worker thread from parse to write, so thread-locals set
// by the pre-routing handler are still ours when the logger runs.
thread_local Clock::time_point t_request_start{};
thread_local bool t_request_dropped = false;

// "/v5", "/v5/...": exact prefix or prefix + '/'.
bool under(std::string_view path, std::string_view prefix) {
    return path == prefix || (starts_with(path, prefix) && path.size() > prefix.size() && path[prefix.size()] == '/');
}

bool is_emulator_path(std::string_view path) {
    return under(path, "/v5") || under(path, "/oauth") || under(path, "/media") || under(path, "/_emulator");
}

int64_t wall_clock_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string url_host(const std::string& host) {
    if (host == "0.0.0.0" || host == "::" || host.empty()) return "localhost";
    if (host.find(':') != std::string::npos) return "[" + host + "]";
    return host;
}

// The page shown at / when there is no built page.
std::string missing_page_html(const std::string& web_root) {
    std::string root = web_root.empty() ? std::string("dist") : web_root;
    const std::string esc = html_escape(root);
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Pinlab: page not built</title>"
           "</head>\n<body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\">\n"
           "<h1>The Pinlab page is not built yet</h1>\n<p>pinlab-server found no <code>index.html</code> in <code>" +
           esc +
           "</code>. Build the page with <code>./scripts/run</code> (it builds dist/ and starts this server), or "
           "pass <code>--web-root DIR</code>.</p>\n<p>The emulated Pinterest API is running anyway: <code>/oauth/</code>"
           ", <code>/v5/</code>.</p>\n</body></html>\n";
}

void apply_rate_limit(emu::Options& opts, const RateLimitSetting& r) {
    switch (r.mode) {
        case RateLimitSetting::On: break;  // the emulator's per-category defaults
        case RateLimitSetting::Off: opts.rate_limit.enabled = false; break;
        case RateLimitSetting::PerMinute:
            opts.rate_limit.enabled = true;
            opts.rate_limit.per_minute = r.per_minute;
            opts.rate_limit.per_second = r.per_minute;  // the per-minute window is the one that binds
            break;
    }
}

}  // namespace

// [SECTION] Drawing images -----------------------------------------------------------------------------

// Draws a deferred image on a thread of its own at `nice` (Linux: a thread's nice value is its own), so on a
// busy machine the scheduler runs API answers first and the ~70 ms of drawing fills the gaps: a page of pins
// waits behind a render for a scheduler slice at most, not for the render. The worker waits (no CPU) for it;
// the render slots still bound how many draw at once. Lowering a priority needs no privilege; raising it back
// would, hence a thread per render (~50 us against ~70 ms) rather than renice-and-restore on the worker.
std::string render_at_low_priority(const std::string& job, int nice) {
    if (nice <= 0) return emu::Emulator::render_deferred(job);
    std::string png;
    try {
        std::thread t([&] {
            errno = 0;
            (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), nice);
            png = emu::Emulator::render_deferred(job);
        });
        t.join();
    } catch (const std::system_error&) {  // no thread to be had: draw here, at the worker's priority
        png = emu::Emulator::render_deferred(job);
    }
    return png;
}

// [SECTION] Content-Security-Policy ------------------------------------------------------------------

std::string page_csp(const std::string& index_html, const std::vector<std::string>& connect) {
    std::string scripts = "'self' 'wasm-unsafe-eval'";
    // Inline <script> blocks (the boot check in shell.html) are allowed by hash, nothing else inline.
    size_t pos = 0;
    while ((pos = index_html.find("<script", pos)) != std::string::npos) {
        size_t close = index_html.find('>', pos);
        if (close == std::string::npos) break;
        std::string_view tag(index_html.data() + pos, close - pos);
        size_t end = index_html.find("</script>", close);
        if (end == std::string::npos) break;
        if (tag.find(" src=") == std::string_view::npos) {
            auto digest = sha256(std::string_view(index_html).substr(close + 1, end - close - 1));
            scripts += " 'sha256-" + base64_encode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())) + "'";
        }
        pos = end + 9;
    }
    // Inline event handlers (the canvas's oncontextmenu) by hash too; 'unsafe-hashes' lets a hash
    // match a handler, and only handlers with exactly these sources run.
    bool handlers = false;
    // An attribute follows any HTML whitespace (the minified page puts some on a new line).
    for (size_t at = index_html.find("on"); at != std::string::npos; at = index_html.find("on", at + 2)) {
        if (at == 0 || !std::isspace(static_cast<unsigned char>(index_html[at - 1]))) continue;
        size_t name_end = at + 2;
        while (name_end < index_html.size() && std::islower(static_cast<unsigned char>(index_html[name_end]))) ++name_end;
        if (name_end == at + 2 || index_html.compare(name_end, 2, "=\"") != 0) continue;
        size_t close = index_html.find('"', name_end + 2);
        if (close == std::string::npos) break;
        auto digest = sha256(std::string_view(index_html).substr(name_end + 2, close - name_end - 2));
        std::string h = " 'sha256-" + base64_encode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())) + "'";
        if (scripts.find(h) == std::string::npos) scripts += h;
        handlers = true;
    }
    if (handlers) scripts += " 'unsafe-hashes'";
    std::string conn = "'self'";
    for (const auto& c : connect)
        if (conn.find(" " + c) == std::string::npos) conn += " " + c;
    return "default-src 'none'; script-src " + scripts + "; worker-src 'self'; connect-src " + conn +
           "; img-src 'self' https: data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; "
           "manifest-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'";
}

std::vector<std::string> config_origins(const std::string& config_json) {
    std::vector<std::string> out;
    auto j = json_parse(config_json);
    if (!j) return out;
    std::vector<const json*> stack{&*j};
    while (!stack.empty() && out.size() < 64) {
        const json* v = stack.back();
        stack.pop_back();
        if (v->is_object() || v->is_array()) {
            for (const auto& child : *v) stack.push_back(&child);
        } else if (v->is_string()) {
            auto u = parse_url(v->get_ref<const std::string&>());
            if (u && (u->scheme == "https" || u->scheme == "http") && !u->host.empty()) {
                std::string o = u->origin();
                bool clean = o.find_first_of(" ;,'\"") == std::string::npos;
                if (clean && std::find(out.begin(), out.end(), o) == out.end()) out.push_back(o);
            }
        }
    }
    return out;
}

// [SECTION] config.json ----------------------------------------------------------------------------

std::string server_config_json(const ServerConfig& cfg) {
    json backends = json::array();
    backends.push_back({{"id", "demo"}, {"label", "Demo (in this page, no network)"}, {"kind", "demo"},
                        {"client_id", "pinlab-demo"},
                        {"description", "The Pinterest API emulator runs inside this page: no account, no network."}});
    const emu::Flavor fl = cfg.emulator.flavor;
    std::string local_desc = "The emulator in the pinlab-server that served this page, with a real OAuth redirect";
    local_desc += fl == emu::Flavor::Sandbox  ? " and the sandbox's rules."
                  : fl == emu::Flavor::Strict ? " and production's strict rules (confidential clients only)."
                                              : ".";
    std::string client_id = "pinlab-demo";
    if (!cfg.register_demo_client && !cfg.emulator.clients.empty()) client_id = cfg.emulator.clients.front().client_id;
    backends.push_back({{"id", "local"},
                        {"label", "Local emulator (pinlab-server)"},
                        {"kind", "emulator"},
                        {"api_base", "v5"},
                        {"authorize_url", "oauth/"},
                        {"token_url", "v5/oauth/token"},
                        {"revoke_url", "v5/oauth/token/revoke"},
                        {"client_id", client_id},
                        {"environment", "emulator"},
                        {"flavor", flavor_name(fl)},
                        {"faults", cfg.emulator.control_endpoint},
                        {"description", local_desc}});
    if (cfg.broker.enabled()) {
        const bool sandbox = cfg.broker.upstream.find("api-sandbox.") != std::string::npos;
        backends.push_back({{"id", sandbox ? "sandbox" : "pinterest"},
                            {"label", sandbox ? "Pinterest sandbox" : "Pinterest"},
                            {"kind", "broker"},
                            {"environment", sandbox ? "sandbox" : "production"},
                            {"api_base", "proxy/v5"},
                            {"authorize_url", "broker/authorize"},
                            {"token_url", "broker/token"},
                            {"revoke_url", "broker/revoke"},
                            {"client_id", "pinlab"},
                            {"description", cfg.broker.upstream + " through this server's token broker (it keeps the "
                                                                   "app secret)."}});
    }
    backends.push_back({{"id", "token"}, {"label", "Paste a token"}, {"kind", "token"}, {"environment", "sandbox"},
                        {"description", "A token generated in Pinterest's developer portal (sandbox or production)."}});
    return json_dump(json{{"_comment", "Written by pinlab-server from its flags: the backends it can serve."},
                          {"served_by", "pinlab-server"},
                          {"default_backend", "demo"},
                          {"backends", std::move(backends)}});
}

// [SECTION] Redaction ------------------------------------------------------------------------------

namespace {

// A query key as a server framework would read it: escapes decoded ('+' is a space), cut at a NUL,
// blanks trimmed, and an array suffix dropped (access_token[] and access_token[0] are access_token
// to PHP and Rack), so no spelling of a secret key escapes redaction.
bool secret_query_key(std::string_view raw_key) {
    auto key = percent_decode(raw_key, true);
    if (!key) return false;
    std::string_view k = *key;
    k = k.substr(0, k.find('\0'));
    k = k.substr(0, k.find('['));
    while (!k.empty() && std::isspace(static_cast<unsigned char>(k.front()))) k.remove_prefix(1);
    while (!k.empty() && std::isspace(static_cast<unsigned char>(k.back()))) k.remove_suffix(1);
    return is_secret_key(k);  // any case (request_log.h)
}

}  // namespace

std::string redact_target(const std::string& target) {
    size_t q = target.find('?');
    if (q == std::string::npos) return target;
    std::string out = target.substr(0, q + 1);
    std::string_view query(target);
    query.remove_prefix(q + 1);
    size_t i = 0;
    bool first = true;
    while (i <= query.size()) {
        size_t amp = query.find_first_of("&;", i);
        if (amp == std::string_view::npos) amp = query.size();
        std::string_view pair = query.substr(i, amp - i);
        size_t eq = pair.find('=');
        std::string_view raw_key = pair.substr(0, eq);
        const bool secret = secret_query_key(raw_key);
        if (!first) out += query[i - 1];  // the separator that was there ('&' or ';')
        first = false;
        if (secret && eq != std::string_view::npos) {
            out.append(raw_key.data(), raw_key.size());
            out += "=REDACTED";
        } else {
            out.append(pair.data(), pair.size());
        }
        i = amp + 1;
    }
    return out;
}

// [SECTION] Impl ---------------------------------------------------------------------------------------

struct PinlabServer::Impl {
    const ServerConfig& cfg;
    RequestProcessor http;         // routing and handlers; fed by the front, never listens itself
    std::unique_ptr<HttpFront> front;  // connections, limits, workers
    std::unique_ptr<emu::Emulator> emulator;
    TurnMutex emulator_mutex;  // the emulator is not thread-safe; the front runs a pool of workers
    std::unique_ptr<StateWriter> state;  // --state-dir; declared after the emulator: it flushes when destroyed
    std::unique_ptr<Broker> broker;  // --pinterest-app-id only
    std::string root_real;      // empty = no page
    std::string csp;            // the page's Content-Security-Policy (page_csp)
    std::string config_json;    // GET /config.json (server_config_json)
    std::atomic<bool> stopping{false};
    std::mutex log_mutex;

    // [SECTION] Render slots: at most max_concurrent_renders draw; at most half the workers wait
    // (up to 10 s: a page asks for a screenful of thumbnails at once and each must arrive).
    std::mutex render_mu;
    std::condition_variable render_cv;
    int renders_active = 0, renders_waiting = 0;
    int render_limit() const {
        if (cfg.max_concurrent_renders > 0) return cfg.max_concurrent_renders;
        return std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / 2);
    }
    struct RenderSlot {
        Impl& im;
        bool ok = false;
        explicit RenderSlot(Impl& i) : im(i) {
            std::unique_lock<std::mutex> lock(im.render_mu);
            if (im.renders_active + im.renders_waiting >= im.render_limit() + std::max(1, im.cfg.threads / 2)) return;
            ++im.renders_waiting;
            ok = im.render_cv.wait_for(lock, std::chrono::seconds(10), [&] { return im.renders_active < im.render_limit(); });
            --im.renders_waiting;
            if (ok) ++im.renders_active;
        }
        ~RenderSlot() {
            if (!ok) return;
            {
                std::lock_guard<std::mutex> lock(im.render_mu);
                --im.renders_active;
            }
            im.render_cv.notify_one();
        }
    };

    explicit Impl(const ServerConfig& c) : cfg(c) {}

    void log(const std::string& line) {
        if (cfg.log_sink) {
            cfg.log_sink(line);
            return;
        }
        std::lock_guard<std::mutex> lock(log_mutex);
        std::string l = line + "\n";
        std::fwrite(l.data(), 1, l.size(), stderr);
        std::fflush(stderr);
    }

    void dispatch(const httplib::Request& req, httplib::Response& res);
    void handle_emulator(const httplib::Request& req, httplib::Response& res);
    void handle_static(const httplib::Request& req, httplib::Response& res);
    void access_log(const httplib::Request& req, const httplib::Response& res);
    void log_request(const httplib::Request& req, const std::string& outcome);
};

void PinlabServer::Impl::dispatch(const httplib::Request& req, httplib::Response& res) {
    restore_form_type(req);
    const std::string& path = req.path;
    if (is_emulator_path(path)) return handle_emulator(req, res);
    if (broker && broker->handles(path)) return broker->handle(req, res);
    if (path == "/config.json" && (req.method == "GET" || req.method == "HEAD")) {
        res.set_header("Cache-Control", "no-cache");
        res.set_content(config_json, "application/json");
        return;
    }
    if (req.method == "GET" || req.method == "HEAD") return handle_static(req, res);
    if (req.method == "OPTIONS") {
        res.status = 204;
        res.set_header("Allow", "GET, HEAD, OPTIONS");
        return;
    }
    res.status = 404;
    res.set_content(json_error_body(404, "No such endpoint: " + req.method + " " + path), "application/json");
}

void PinlabServer::Impl::handle_emulator(const httplib::Request& req, httplib::Response& res) {
    pinlab::Request in;
    in.method = req.method == "HEAD" ? "GET" : req.method;
    in.url = req.target.empty() ? req.path : req.target;  // raw path + query, still percent-encoded
    for (const auto& h : req.headers) {
        // httplib adds these for its own bookkeeping; they are not from the client.
        if (iequals(h.first, "REMOTE_ADDR") || iequals(h.first, "REMOTE_PORT") || iequals(h.first, "LOCAL_ADDR") ||
            iequals(h.first, "LOCAL_PORT") || iequals(h.first, "X-Emulator-Peer"))
            continue;
        in.headers.add(h.first, h.second);
    }
    in.headers.add("X-Emulator-Peer", req.remote_addr);  // the token endpoint's limits are per client + peer
    // httplib's request is this handler's to consume (a local of process_request, not const there):
    // the body moves rather than being copied (it can be 16 MiB).
    in.body = std::move(const_cast<std::string&>(req.body));

    // A JSON body is costed, parsed and checked here, outside the emulator's lock, which is then
    // held only to read or change state.
    std::optional<json> parsed;
    if (!in.body.empty() && (in.method == "POST" || in.method == "PATCH" || in.method == "PUT")) {
        std::string_view ct = in.headers.get("Content-Type");
        if (ct.empty() || starts_with(ascii_lower(ct), "application/json")) {
            int status = 0;
            if (std::string why = json_over_budget(in.body, cfg.max_json_elements, cfg.max_json_depth, status);
                !why.empty()) {
                res.status = status;
                res.set_content(json_error_body(status == 400 ? 1 : status, why), "application/json");
                return;
            }
            // Not JSON: a discarded value, which the emulator answers with its usual 400 when it reads it.
            parsed = json_parse(in.body).value_or(json(json::value_t::discarded));
        }
    }
    // A kept image (uploaded, or drawn earlier) comes out as immutable bytes shared with the store: the
    // lock is held to take a reference, and the front sends from those bytes (no copy at all).
    pinlab::Response out;
    std::shared_ptr<const std::string> shared;
    {
        std::lock_guard<TurnMutex> lock(emulator_mutex);
        out = emulator->handle(in, wall_clock_ms(), parsed ? &*parsed : nullptr, &shared);
    }
    parsed.reset();
    if (state && req.method != "GET" && req.method != "HEAD") state->mark_dirty();

    // An image to draw: outside the lock, so API calls do not wait behind ~70 ms renders, and a
    // few at a time, so an image flood leaves cores and workers for everyone else.
    if (std::string job(out.headers.get("X-Emulator-Render")); !job.empty()) {
        RenderSlot slot(*this);
        // No point drawing what the front would refuse: slow readers already fill its cap.
        const bool cap_full = front->queued_write_bytes() + HttpFront::kLargeAnswer > cfg.max_queued_write_bytes;
        if (!slot.ok || cap_full) {
            res.status = 503;
            res.set_header("Retry-After", "1");
            res.set_content(json_error_body(503, cap_full ? "Too many large answers are waiting for slow readers; try again shortly."
                                                          : "Busy drawing images; try again shortly."),
                            "application/json");
            return;
        }
        std::string png = render_at_low_priority(job, cfg.render_nice);
        if (png.empty()) {
            out.status = 500;
        } else {
            shared = std::make_shared<const std::string>(std::move(png));
            std::lock_guard<TurnMutex> lock(emulator_mutex);
            emulator->cache_image(req.path, shared);
        }
    }

    // The emulator's transport instructions: acted on here, never forwarded.
    const NetworkEffects effects = take_network_effects(out);
    // Latency is served by the front's event loop (no thread sleeps); a drop closes the
    // connection there without the answer.
    if (effects.delay_ms > 0) current_connection_effects().delay_ms = static_cast<int64_t>(effects.delay_ms);
    if (effects.drop) {
        current_connection_effects().drop = true;
        log_request(req, "dropped");
        t_request_dropped = true;
        res.status = 500;  // never reaches the client
        return;
    }

    std::string content_type;
    for (const auto& h : out.headers.items) {
        const std::string& name = h.first;
        if (iequals(name, "Content-Type")) {
            content_type = h.second;
            continue;
        }
        if (iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") || iequals(name, "Connection"))
            continue;
        res.headers.emplace(name, h.second);
    }
    res.status = out.status > 0 ? out.status : 500;
    if (shared) {  // written by the front from the shared bytes (HttpFront: ConnectionEffects::shared_body)
        if (res.status == 200 && !req.ranges.empty()) res.status = 206;  // httplib sends the range asked for
        current_connection_effects().shared_body = shared;
        res.set_content_provider(shared->size(), content_type.empty() ? "application/octet-stream" : content_type,
                                 [shared](size_t offset, size_t length, httplib::DataSink& sink) {
                                     return sink.write(shared->data() + offset, length);
                                 });
    } else if (!out.body.empty() || !content_type.empty()) {  // set_content without its copy (a page of pins is ~300 KB)
        res.body = std::move(out.body);
        res.headers.erase("Content-Type");
        res.set_header("Content-Type", content_type.empty() ? "application/octet-stream" : content_type);
    }
}

void PinlabServer::Impl::handle_static(const httplib::Request& req, httplib::Response& res) {
    if (root_real.empty()) {
        res.status = 404;
        if (req.path == "/" || req.path == "/index.html")
            res.set_content(missing_page_html(cfg.web_root), "text/html; charset=utf-8");
        else
            res.set_content(std::string(status_reason(404)) + " (the page is not built: run ./scripts/run)\n",
                            "text/plain; charset=utf-8");
        res.set_header("Cache-Control", "no-cache");
        res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        return;
    }
    StaticLookup f = resolve_static(root_real, req.path);
    if (f.status != 200) {
        res.status = f.status;
        res.set_content(std::string(status_reason(f.status)) + "\n", "text/plain; charset=utf-8");
        return;
    }
    std::string etag = make_etag(f);
    res.set_header("Cache-Control", cache_control_for(f.mime));
    res.set_header("ETag", etag);
    if (f.mime.rfind("text/html", 0) == 0) {  // the page that holds tokens: no framing, no foreign script
        res.set_header("Content-Security-Policy", csp);
        res.set_header("X-Frame-Options", "DENY");
    }
    if (req.has_header("If-None-Match") && etag_matches(req.get_header_value("If-None-Match"), etag)) {
        res.status = 304;
        return;
    }
    std::ifstream in(f.file, std::ios::binary);
    std::string data;
    if (in) {
        data.resize(f.size);
        in.read(data.data(), static_cast<std::streamsize>(f.size));
        data.resize(static_cast<size_t>(in.gcount()));
    }
    if (!in && !in.eof()) {
        res.status = 404;
        res.set_content(std::string(status_reason(404)) + "\n", "text/plain; charset=utf-8");
        return;
    }
    // httplib cuts the body to the (single, see http_front) range; the status must say so.
    res.status = req.ranges.empty() ? 200 : 206;
    res.set_content(std::move(data), f.mime);
}

void PinlabServer::Impl::access_log(const httplib::Request& req, const httplib::Response& res) {
    if (t_request_dropped) {  // already logged by the handler (httplib may or may not call us)
        t_request_dropped = false;
        t_request_start = Clock::time_point{};
        return;
    }
    const size_t sent = res.content_provider_ ? res.content_length_ : res.body.size();  // shared bytes: provider
    log_request(req, std::to_string(res.status) + " " + std::to_string(sent) + "B");
}

void PinlabServer::Impl::log_request(const httplib::Request& req, const std::string& outcome) {
    if (!cfg.access_log) return;
    char timing[32] = "-";
    if (t_request_start != Clock::time_point{}) {
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - t_request_start).count();
        std::snprintf(timing, sizeof timing, "%.1fms", ms);
    }
    t_request_start = Clock::time_point{};
    std::string target = redact_target(req.target.empty() ? req.path : req.target);
    // Keep the log one line per request whatever the client sent.
    for (char& c : target)
        if (static_cast<unsigned char>(c) < 0x20 || c == '"' || c == 0x7f) c = '?';
    log(req.remote_addr + " \"" + req.method + " " + target + "\" " + outcome + " " + timing);
}

// [SECTION] PinlabServer ---------------------------------------------------------------------------

PinlabServer::PinlabServer(ServerConfig config) : config_(std::move(config)) {}

PinlabServer::~PinlabServer() { stop(); }

// [SECTION] State on disk (--state-dir): restored before the first request, then written soon after changes.
bool PinlabServer::restore_state(Impl& im, std::string& error) {
    const std::string& dir = config_.state_dir;
    if (!ensure_state_dir(dir, error)) {
        error = "--state-dir: " + error;
        return false;
    }
    // The emulator's loader takes part in the choice: a sealed but hostile state.bin falls back to state.prev.
    StoredState st = read_state_files(
        dir, [&im](const std::string& payload, std::string& why) { return im.emulator->load_state(payload, &why); });
    const std::string& why = st.error;
    if (!why.empty()) {
        if (!config_.state_reset) {
            error = "--state-dir: the saved state cannot be trusted (" + why +
                    "); start with --state-reset to begin again from the seed data";
            return false;
        }
        im.log("state: " + why + "; --state-reset: starting from the seed data in " + dir);
    } else if (!st.note.empty()) {
        im.log("state: " + st.note);
    } else {
        im.log(st.found ? "state: restored from " + st.file : "state: none yet in " + dir + ", starting from the seed data");
    }
    im.state = std::make_unique<StateWriter>(
        dir, std::max(50, config_.state_interval_ms),
        [&im] {
            std::lock_guard<TurnMutex> lock(im.emulator_mutex);
            return im.emulator->save_state();
        },
        [&im](const std::string& line) { im.log(line); });
    if (config_.state_reset) im.state->mark_dirty();  // the seed state replaces what could not be trusted
    return true;
}

bool PinlabServer::start(std::string& error) {
    if (impl_) {
        error = "already started";
        return false;
    }
    // A client that disconnects mid-response must not kill the process: httplib writes with
    // plain send(), so a closed socket raises SIGPIPE.
    ::signal(SIGPIPE, SIG_IGN);

    impl_ = std::make_unique<Impl>(config_);
    Impl& im = *impl_;
    RequestProcessor& http = im.http;

    // [SECTION] Listener settings (the limits themselves are enforced by the front)
    http.set_payload_max_length(config_.max_body_bytes);
    http.set_keep_alive_max_count(static_cast<size_t>(std::max(1, config_.keep_alive_max_requests)));
    http.set_keep_alive_timeout(std::max(1, config_.idle_timeout_ms / 1000));
    im.front = std::make_unique<HttpFront>(http, static_cast<const Limits&>(config_),
                                           [&im](const std::string& line) { im.log(line); }, config_.trusted_proxies);

    // [SECTION] Bind (before the emulator: its URLs need the final port)
    if (!im.front->bind(config_.host, config_.port)) {
        error = "cannot listen on " + config_.host + ":" + std::to_string(config_.port) + ": " + im.front->bind_error();
        impl_.reset();
        return false;
    }
    port_ = im.front->port();
    origin_ = !config_.public_url.empty() ? config_.public_url
                                          : "http://" + url_host(config_.host) + ":" + std::to_string(port_);

    // [SECTION] Emulator
    emu::Options opts = config_.emulator;
    opts.public_base_url = origin_;
    opts.defer_image_renders = true;
    apply_rate_limit(opts, config_.rate_limit);
    {
        // The page this server serves may be opened as <origin>, localhost or 127.0.0.1.
        const std::string port = std::to_string(port_);
        const std::vector<std::string> prefixes = {origin_, "http://" + url_host(config_.host) + ":" + port,
                                                   "http://localhost:" + port, "http://127.0.0.1:" + port};
        auto build = [&](emu::ClientApp (*make)(const std::string&)) {
            emu::ClientApp app = make(origin_);
            for (const auto& p : prefixes)
                for (const auto& uri : make(p).redirect_uris)
                    if (std::find(app.redirect_uris.begin(), app.redirect_uris.end(), uri) == app.redirect_uris.end())
                        app.redirect_uris.push_back(uri);
            for (const auto& c : opts.clients)
                if (c.client_id == app.client_id) return;  // --client with the same id wins
            opts.clients.push_back(std::move(app));
        };
        // With no client at all the emulator would register its in-process defaults, the published
        // confidential secret among them: the demo client stands in.
        if (config_.register_demo_client || opts.clients.empty()) build(&emu::default_demo_client);
        if (config_.register_confidential_client) build(&emu::default_confidential_client);
    }
    im.emulator = std::make_unique<emu::Emulator>(std::move(opts));
    im.config_json = server_config_json(config_);
    if (!config_.state_dir.empty() && !restore_state(im, error)) {
        impl_.reset();
        return false;
    }

    if (config_.broker.enabled()) {
        std::vector<std::string> keys;
        if (!config_.broker.state_key_file.empty() && !load_broker_keys(config_.broker.state_key_file, keys, error)) {
            impl_.reset();
            return false;
        }
        im.broker = std::make_unique<Broker>(config_.broker, origin_, config_, std::move(keys));
    }

    // [SECTION] Static root
    if (auto r = real_directory(config_.web_root)) {
        StaticLookup index = resolve_static(*r, "/");
        if (index.status == 200) {
            im.root_real = *r;
            has_web_root_ = true;
            auto slurp = [](const std::string& path) {
                std::ifstream in(path, std::ios::binary);
                std::ostringstream ss;
                ss << in.rdbuf();
                return ss.str();
            };
            std::vector<std::string> connect = {"https://api.pinterest.com", "https://api-sandbox.pinterest.com",
                                                "https://*.pinimg.com"};
            for (const auto& o : config_origins(slurp(*r + "/config.json"))) connect.push_back(o);
            for (const auto& o : config_.csp_connect) connect.push_back(o);
            im.csp = page_csp(slurp(index.file), connect);
        }
    }

    // [SECTION] Handlers
    auto dispatch = [&im](const httplib::Request& req, httplib::Response& res) { im.dispatch(req, res); };
    http.Get(".*", dispatch);
    http.Post(".*", dispatch);
    http.Put(".*", dispatch);
    http.Patch(".*", dispatch);
    http.Delete(".*", dispatch);
    http.Options(".*", dispatch);
    http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
        t_request_start = Clock::now();
        hide_form_type(req);
        t_request_dropped = false;
        return httplib::Server::HandlerResponse::Unhandled;
    });
    // Errors httplib produces itself (400, 413, 414, no route...) get a JSON body.
    http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty() || res.status == 304) return httplib::Server::HandlerResponse::Unhandled;
        res.set_content(json_error_body(res.status, status_reason(res.status)), "application/json");
        return httplib::Server::HandlerResponse::Handled;
    }));
    http.set_exception_handler([&im](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        im.log("pinlab-server: internal error in " + req.method + " " + req.path + ": " + what);
        res.status = 500;
        res.headers.clear();
        res.set_content(json_error_body(500, "Internal server error"), "application/json");
    });
    // Every response: security headers, and never an emulator instruction (X-Emulator-Source is not one).
    http.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
        for (auto it = res.headers.begin(); it != res.headers.end();) {
            if (it->first.size() >= 11 && iequals(std::string_view(it->first).substr(0, 11), "X-Emulator-") &&
                !iequals(it->first, "X-Emulator-Source"))  // information (modelled|generic), not an instruction
                it = res.headers.erase(it);
            else
                ++it;
        }
        if (!res.has_header("X-Content-Type-Options")) res.set_header("X-Content-Type-Options", "nosniff");
        // The page receives ?code=... on its redirect URI: never leak it in a Referer.
        if (!res.has_header("Referrer-Policy")) res.set_header("Referrer-Policy", "no-referrer");
    });
    http.set_logger([&im](const httplib::Request& req, const httplib::Response& res) { im.access_log(req, res); });

    // [SECTION] Serve
    im.front->start();
    running_ = true;
    return true;
}

size_t PinlabServer::buffered_bytes() const { return impl_ ? impl_->front->buffered_bytes() : 0; }
size_t PinlabServer::queued_write_bytes() const { return impl_ ? impl_->front->queued_write_bytes() : 0; }

void PinlabServer::stop() {
    if (!impl_) return;
    impl_->stopping = true;
    impl_->front->stop();
    running_ = false;
    impl_.reset();
}

}  // namespace pinlab::server
