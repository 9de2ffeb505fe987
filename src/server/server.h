// server.h — pinlab-server as a library: one HTTP origin that serves the built page (dist/) and
// the Pinterest v5 emulator (/oauth/, /v5/, /media/, /_emulator/), plus an optional token broker
// for the real Pinterest API. PinlabServer runs on a background thread, so tests start it
// in-process on port 0 and talk to it with httplib::Client.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "emulator/emulator.h"
#include "server/limits.h"

namespace pinlab::server {

// The optional token broker + API proxy for the real Pinterest API (see broker.h).
struct BrokerConfig {
    std::string app_id;                                  // empty = broker disabled
    std::string app_secret;                              // read from --pinterest-secret-file
    std::string upstream = "https://api.pinterest.com";  // tests point it at another pinlab-server
    std::vector<std::string> redirect_uris;              // redirect URIs the page may use; empty = this origin's "/"
    // Key file for the signed `state` and sealed codes: first line the current key, an optional
    // second line the previous one (still accepted: rotation). Every broker instance behind a load
    // balancer reads the same file. Empty = a random key for this process only.
    std::string state_key_file;
    bool enabled() const { return !app_id.empty(); }
};

// --rate-limit: the emulator's per-category rate limits.
struct RateLimitSetting {
    enum Mode { On, Off, PerMinute } mode = On;  // On = the emulator's defaults (as Pinterest)
    int per_minute = 0;                          // PerMinute only
};

// The limits (limits.h) are part of the configuration: cfg.max_body_bytes, cfg.threads, ...
struct ServerConfig : Limits {
    std::string host = "127.0.0.1";
    int port = 8080;                 // 0 = pick a free port (see PinlabServer::port())
    std::string web_root;            // folder with index.html; empty or missing = API only
    std::string public_url;          // origin the browser uses; empty = http://<host>:<port>
    emu::Options emulator;           // flavour, seed, clients, origins, faults...; public_base_url is set by start()
    bool register_demo_client = true;  // add "pinlab-demo" for the page this server serves
    // Add "pinlab-confidential" with its published secret (--confidential-client): off by default, since
    // anyone who reads the README knows the secret.
    bool register_confidential_client = false;
    // Reverse proxies whose X-Forwarded-For names the client (--trusted-proxy); from any other peer the
    // header is ignored and the connection's address is the client's.
    std::vector<std::string> trusted_proxies;
    bool access_log = true;          // one line per request (--quiet turns it off)
    RateLimitSetting rate_limit;
    // --state-dir: where the emulator's state is kept across restarts (state_store.h); empty = in memory.
    // A saved state it cannot trust stops the start with an error unless state_reset (--state-reset).
    std::string state_dir;
    bool state_reset = false;
    int state_interval_ms = 500;  // a change reaches the disk within about this long
    BrokerConfig broker;
    // Origins the page may connect to besides its own, Pinterest's APIs and image hosts, and the
    // absolute URLs in the web root's config.json (--csp-connect, repeatable).
    std::vector<std::string> csp_connect;
    // Where log lines go (access log, warnings). Default: stderr, one write per line.
    std::function<void(const std::string&)> log_sink;
};

// The page's Content-Security-Policy: scripts from this origin and the page's own inline scripts
// (by hash), WebAssembly, workers from this origin, connections to this origin and `connect`,
// images from https:, data: and blob:, and no framing. Exposed for tests.
std::string page_csp(const std::string& index_html, const std::vector<std::string>& connect);
// Origins of the absolute http(s) URLs in a config.json (the backends the page may call).
std::vector<std::string> config_origins(const std::string& config_json);

// The page's config.json, written from what the server was started with (GET /config.json answers it, in
// place of the web root's): Demo and "Paste a token" always; the Local emulator with its flavour and whether
// its control endpoint is on ("faults"); the broker's Pinterest backend (production or sandbox, by its
// upstream) only when the broker runs. So the page offers only backends that can work here; "served_by":
// "pinlab-server" tells the page it need not check them before sign-in.
std::string server_config_json(const ServerConfig& cfg);

// The PNG of a deferred image job (emu::Emulator::render_deferred), drawn on a thread of its own at nice
// value `nice` (0: on the calling thread), so API answers run first on a busy machine. Exposed for tests.
std::string render_at_low_priority(const std::string& job, int nice);

// Lines for the log sink. Exposed for tests.
// Access-log form of a request target: query values of the request log's secret keys
// (is_secret_key in core/request_log.h: codes, tokens, code_verifier, secrets) become "REDACTED".
std::string redact_target(const std::string& target);

class PinlabServer {
public:
    explicit PinlabServer(ServerConfig config);
    ~PinlabServer();  // stops the server
    PinlabServer(const PinlabServer&) = delete;
    PinlabServer& operator=(const PinlabServer&) = delete;

    // Binds, builds the emulator (which needs the final origin) and starts serving on a
    // background thread. On failure returns false with a one-line reason in `error`,
    // e.g. "cannot listen on 127.0.0.1:8080: address already in use (try --port N)".
    bool start(std::string& error);
    int port() const { return port_; }
    // "http://127.0.0.1:8080" — the origin the emulator puts into the URLs it hands out.
    const std::string& origin() const { return origin_; }
    // True when web_root had an index.html at start; otherwise / explains how to build the page.
    bool has_web_root() const { return has_web_root_; }
    const ServerConfig& config() const { return config_; }
    // Stops listening and joins the thread. Safe to call twice.
    void stop();
    // What the connection layer holds, for tests and the attack runner: bytes in connection buffers
    // (counted every 50 ms) and answer bytes waiting for their readers.
    size_t buffered_bytes() const;
    size_t queued_write_bytes() const;

    struct Impl;

private:
    bool restore_state(Impl& im, std::string& error);  // --state-dir: load what is saved, start the writer
    ServerConfig config_;
    std::unique_ptr<Impl> impl_;
    int port_ = 0;
    std::string origin_;
    bool has_web_root_ = false;
    std::atomic<bool> running_{false};
};

}  // namespace pinlab::server
