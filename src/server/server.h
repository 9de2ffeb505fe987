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

namespace pinlab::server {

// The optional token broker + API proxy for the real Pinterest API (see broker.h).
struct BrokerConfig {
    std::string app_id;                                  // empty = broker disabled
    std::string app_secret;                              // read from --pinterest-secret-file
    std::string upstream = "https://api.pinterest.com";  // tests point it at another pinlab-server
    std::vector<std::string> redirect_uris;              // redirect URIs the page may use; empty = this origin's "/"
    bool enabled() const { return !app_id.empty(); }
};

// --rate-limit: the emulator's per-category rate limits.
struct RateLimitSetting {
    enum Mode { On, Off, PerMinute } mode = On;  // On = the emulator's defaults (as Pinterest)
    int per_minute = 0;                          // PerMinute only
};

struct ServerConfig {
    std::string host = "127.0.0.1";
    int port = 8080;                 // 0 = pick a free port (see PinlabServer::port())
    std::string web_root;            // folder with index.html; empty or missing = API only
    std::string public_url;          // origin the browser uses; empty = http://<host>:<port>
    emu::Options emulator;           // flavour, seed, clients, origins, faults...; public_base_url is set by start()
    bool register_demo_client = true;  // add "pinlab-demo" for the page this server serves
    bool access_log = true;          // one line per request (--quiet turns it off)
    size_t max_body_bytes = 16u << 20;  // bigger bodies get 413 (pins with image_base64 need several MB)
    int read_timeout_s = 10;
    int write_timeout_s = 10;
    int threads = 16;                // worker threads; X-Emulator-Delay-Ms sleeps occupy one each
    RateLimitSetting rate_limit;
    BrokerConfig broker;
    // Where log lines go (access log, warnings). Default: stderr, one write per line.
    std::function<void(const std::string&)> log_sink;
};

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

    struct Impl;

private:
    ServerConfig config_;
    std::unique_ptr<Impl> impl_;
    std::thread thread_;
    int port_ = 0;
    std::string origin_;
    bool has_web_root_ = false;
    std::atomic<bool> running_{false};
};

}  // namespace pinlab::server
