// flags.cpp — pinlab-server's command line (see flags.h). CLI11 does the syntax ("--flag value",
// "--flag=value", unknown flags, missing values, flags that take none); every value is validated
// here so a typo fails at start with a clear message instead of as odd behaviour later.
#include "server/flags.h"

#include <CLI/CLI.hpp>

#include <functional>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <type_traits>
#include <cstdlib>

#include "core/url.h"

namespace pinlab::server {

namespace {

// [SECTION] Value parsers ------------------------------------------------------------------------

std::optional<long long> parse_int(const std::string& s, long long lo, long long hi) {
    if (s.empty() || s.size() > 19) return std::nullopt;
    for (char c : s)
        if (c < '0' || c > '9') return std::nullopt;
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (errno != 0 || end != s.c_str() + s.size() || v < lo || v > hi) return std::nullopt;
    return v;
}

std::optional<double> parse_double(const std::string& s, double lo, double hi) {
    if (s.empty() || s.size() > 32) return std::nullopt;
    for (char c : s)  // plain decimal only: no "inf", "nan", hex floats or leading spaces
        if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+'))
            return std::nullopt;
    errno = 0;
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (errno != 0 || end != s.c_str() + s.size() || !std::isfinite(v) || v < lo || v > hi) return std::nullopt;
    return v;
}

bool is_http_origin_or_url(const std::string& s) {
    auto u = parse_url(s);
    return u && (u->scheme == "http" || u->scheme == "https") && !u->host.empty();
}

// A host name or IP literal: no scheme, no port, no spaces.
bool is_plain_host(const std::string& h) {
    if (h.empty() || h.size() > 253) return false;
    for (char c : h) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '-' || c == ':' || c == '_';
        if (!ok) return false;
    }
    return h.find("://") == std::string::npos;
}

}  // namespace

const char* flavor_name(emu::Flavor f) {
    switch (f) {
        case emu::Flavor::Public: return "public";
        case emu::Flavor::Strict: return "strict";
        case emu::Flavor::Sandbox: return "sandbox";
    }
    return "?";
}

// [SECTION] --client ------------------------------------------------------------------------------

std::optional<emu::ClientApp> parse_client_spec(const std::string& spec, std::string& error) {
    // Split on commas, but a piece that does not start with a known key belongs to the previous
    // value (a redirect URI may itself contain a comma).
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= spec.size()) {
        size_t comma = spec.find(',', start);
        std::string piece = spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        // "word=..." is always a key (unknown ones are reported below); anything else continues a value.
        size_t w = 0;
        while (w < piece.size() && (std::isalpha(static_cast<unsigned char>(piece[w])) || piece[w] == '_')) ++w;
        bool keyed = w > 0 && w < piece.size() && piece[w] == '=';
        if (keyed || parts.empty())
            parts.push_back(piece);
        else
            parts.back() += "," + piece;
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    emu::ClientApp app;
    app.name = "";
    bool has_name = false;
    for (const std::string& p : parts) {
        size_t eq = p.find('=');
        if (eq == std::string::npos) {
            error = "--client: expected key=value, got '" + p + "' (keys: id, redirect, secret, name)";
            return std::nullopt;
        }
        std::string key = p.substr(0, eq), value = p.substr(eq + 1);
        if (key == "id") {
            if (!app.client_id.empty()) { error = "--client: id given twice"; return std::nullopt; }
            app.client_id = value;
        } else if (key == "redirect") {
            if (!is_http_origin_or_url(value)) {
                error = "--client: redirect must be an absolute http(s) URL, got '" + value + "'";
                return std::nullopt;
            }
            app.redirect_uris.push_back(value);
        } else if (key == "secret") {
            app.secret = value;
        } else if (key == "name") {
            app.name = value;
            has_name = true;
        } else {
            error = "--client: unknown key '" + key + "' (keys: id, redirect, secret, name)";
            return std::nullopt;
        }
    }
    if (app.client_id.empty()) { error = "--client: id=ID is required"; return std::nullopt; }
    for (char c : app.client_id) {
        if (static_cast<unsigned char>(c) <= ' ' || c == '&' || c == '#' || c == '?' || c == 0x7f) {
            error = "--client: id may not contain spaces, control characters, '&', '?' or '#'";
            return std::nullopt;
        }
    }
    if (app.redirect_uris.empty()) { error = "--client: at least one redirect=URI is required"; return std::nullopt; }
    if (!has_name) app.name = emu::ClientApp{}.name;
    return app;
}

// [SECTION] Usage -----------------------------------------------------------------------------------

std::string usage() {
    return R"(Usage: pinlab-server [options]

Serves the Pinlab page (dist/) and a Pinterest API v5 emulator on one origin.

  --host HOST               address to listen on (default 127.0.0.1)
  --port N                  port (default 8080, or $PORT); 0 picks a free port
  --web-root DIR            the built page (default: ./dist)
  --public-url URL          origin the browser uses, if not http://HOST:PORT
  --threads N               worker threads (default 16)
  --quiet                   no access log

Emulator:
  --flavor public|strict|sandbox   public: PKCE clients + CORS; strict: as production
                            (secret required, no CORS); sandbox: as api-sandbox (default public)
  --seed N                  seed of the generated data and faults (default 1)
  --catalogue FILE          the API catalogue (catalogue.json) behind the operations the emulator
                            does not model (default: catalogue.json in the web root, which the web
                            build puts there; without one, those operations answer 501)
  --pins N                  number of generated pins (default 1000)
  --allow-origin ORIGIN     allow CORS from ORIGIN (public flavour; repeatable; * = any)
  --client id=ID,redirect=URI[,redirect=URI2][,secret=S][,name=N]
                            register an app (repeatable); "pinlab-demo" is registered for
                            this server's own page unless --no-demo-client
  --no-demo-client          do not register "pinlab-demo"
  --control                 enable the /_emulator/* control endpoints (the page's Faults view;
                            same origin only)
  --rate-limit on|off|N     emulator rate limits: on (default, as Pinterest), off, or N
                            requests per minute per category

Faults (deterministic from --seed; rates are probabilities 0..1):
  --latency-ms MS           added to every response
  --fail-rate P             500/503 answers
  --rate-429 P              429 answers
  --malformed-rate P        bodies that are not JSON
  --truncate-rate P         JSON cut in the middle
  --drop-rate P             connections closed without an answer

Real Pinterest (token broker + API proxy; optional):
  --pinterest-app-id ID     enables POST /broker/token and /proxy/v5/*
  --pinterest-secret-file F file holding the app secret
  --pinterest-upstream URL  API origin (default https://api.pinterest.com)

Limits (defaults in brackets; see SECURITY.md):
  --max-body-bytes N        request body, any transfer encoding [16777216]; 413
  --max-header-line N       request line (414) and each header line (431) [8192]
  --max-header-count N      header fields per request [100]; 431
  --max-header-bytes N      request line + headers [32768]; 431
  --max-ranges N            ranges per request; more = the whole file [1]
  --header-timeout-ms MS    first byte to end of headers [10000]; 408
  --body-timeout-ms MS      end of headers to end of body [30000]; 408
  --idle-timeout-ms MS      idle keep-alive connection [5000]
  --write-timeout-ms MS     a client that does not read its answer [15000]
  --max-connections N       open connections [512]; 503
  --max-connections-per-peer N  per client address, 0 = no limit [64]; 429
  --max-queued N            requests waiting for a worker [256]; 503
  --max-renders N           images drawn at once, 0 = half the cores [0]; 503 when busy
  --render-nice N           nice value of the threads that draw images, 0..19 [10]; API answers first
  --proxy-max-concurrent N  broker calls to Pinterest at once [8]; 503
  --proxy-timeout-ms MS     each broker call to Pinterest [10000]
  --sign-in-ttl-s S         a broker sign-in must finish within [600]
  --max-pins N              pins created past the seed data [20000]; 429
  --max-boards N            boards + sections [2000]; 429
  --max-stored-bytes N      uploaded image bytes kept [268435456]; 413
  --max-pending-codes N     authorization codes outstanding [10000]; 503

Security:
  --broker-key-file F       key file for the broker's signed state (one key per line: current,
                            then previous); shared by every broker instance
  --csp-connect ORIGIN      another origin the page may connect to (repeatable)

  --help                    this text
)";
}

// [SECTION] parse_flags ---------------------------------------------------------------------------

FlagsResult parse_flags(int argc, const char* const* argv, const char* env_port) {
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i] ? argv[i] : "");
    return parse_flags(args, env_port);
}

FlagsResult parse_flags(const std::vector<std::string>& args, const char* env_port) {
    FlagsResult out;
    Config cfg;
    ServerConfig& s = cfg.server;
    emu::Options& e = s.emulator;
    std::vector<emu::ClientApp> clients;

    auto fail = [&](std::string msg) {
        out.error = std::move(msg);
        out.config.reset();
        return out;
    };

    if (env_port && *env_port) {
        auto p = parse_int(env_port, 0, 65535);
        if (!p) return fail(std::string("PORT environment variable is not a port number (0..65535): '") + env_port + "'");
        s.port = static_cast<int>(*p);
    }

    // [SECTION] Numeric limits (limits.h, the emulator's Quotas): name, range and destination, once each.
    struct LimitFlag {
        const char* name;
        long long lo, hi;
        std::function<void(long long)> set;
    };
    auto to = [](auto& field) {
        return std::function<void(long long)>(
            [&field](long long v) { field = static_cast<std::remove_reference_t<decltype(field)>>(v); });
    };
    const LimitFlag limits[] = {
        {"--max-body-bytes", 1024, 1LL << 32, to(s.max_body_bytes)},
        {"--max-header-line", 256, 1 << 20, to(s.max_header_line)},
        {"--max-header-count", 8, 10000, to(s.max_header_count)},
        {"--max-header-bytes", 1024, 1 << 24, to(s.max_header_bytes)},
        {"--max-ranges", 0, 64, to(s.max_ranges)},
        {"--header-timeout-ms", 100, 600000, to(s.header_timeout_ms)},
        {"--body-timeout-ms", 100, 3600000, to(s.body_timeout_ms)},
        {"--idle-timeout-ms", 100, 600000, to(s.idle_timeout_ms)},
        {"--write-timeout-ms", 100, 3600000, to(s.write_timeout_ms)},
        {"--max-connections", 1, 100000, to(s.max_connections)},
        {"--max-connections-per-peer", 0, 100000, to(s.max_connections_per_peer)},
        {"--max-queued", 1, 100000, to(s.max_queued_requests)},
        {"--max-renders", 0, 256, to(s.max_concurrent_renders)},
        {"--render-nice", 0, 19, to(s.render_nice)},
        {"--proxy-max-concurrent", 1, 1024, to(s.proxy_max_concurrent)},
        {"--proxy-timeout-ms", 100, 600000, to(s.proxy_timeout_ms)},
        {"--sign-in-ttl-s", 30, 86400, to(s.sign_in_ttl_s)},
        {"--max-pins", 0, 10000000, to(e.quotas.max_pins)},
        {"--max-boards", 1, 1000000, to(e.quotas.max_boards)},
        {"--max-stored-bytes", 0, 1LL << 40, to(e.quotas.max_stored_bytes)},
        {"--max-pending-codes", 1, 10000000, to(e.quotas.max_pending_codes)}};

    // [SECTION] Syntax (CLI11): which flags were given, with which raw values, in order.
    CLI::App app{"pinlab-server"};
    app.set_help_flag();  // --help is ours (usage())
    app.allow_windows_style_options(false);
    std::vector<std::pair<std::string, std::string>> given;
    auto flag = [&](const char* name) {
        app.add_flag_callback(name, [&given, name] { given.emplace_back(name, ""); })->disable_flag_override();
    };
    for (const char* f : {"--help", "--quiet", "--control", "--no-demo-client"}) flag(f);
    static const char* kValued[] = {
        "--host", "--port", "--web-root", "--public-url", "--threads", "--flavor", "--seed", "--pins",
        "--allow-origin", "--client", "--rate-limit", "--latency-ms", "--fail-rate", "--rate-429",
        "--malformed-rate", "--truncate-rate", "--drop-rate", "--pinterest-app-id", "--pinterest-secret-file",
        "--pinterest-upstream", "--broker-key-file", "--csp-connect", "--catalogue"};
    std::vector<const char*> valued(std::begin(kValued), std::end(kValued));
    for (const auto& l : limits) valued.push_back(l.name);
    for (const char* name : valued) {
        app.add_option_function<std::vector<std::string>>(
               name, [&given, name](const std::vector<std::string>& vs) {
                   for (const auto& v : vs) given.emplace_back(name, v);
               })
            ->expected(1)
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
            ->allow_extra_args(false);
    }
    std::vector<std::string> argv_rev(args.rbegin(), args.rend());  // CLI11 takes them reversed
    try {
        app.parse(argv_rev);
    } catch (const CLI::ParseError& err) {
        std::string what = err.what();
        // CLI11 names some options without their dashes ("quiet was given a disallowed flag
        // override"): name them as they are typed.
        for (const auto* opt : app.get_options()) {
            const std::string& plain = opt->get_single_name();
            if (plain.empty() || what.rfind(plain + " ", 0) != 0) continue;
            what = what.find("flag override") != std::string::npos ? "--" + plain + " takes no value" : "--" + what;
            break;
        }
        if (!args.empty() && what.find("--") == std::string::npos) what += " (flags start with --)";
        return fail(what);
    }

    // [SECTION] Values
    for (const auto& flag_value : given) {
        const std::string& name = flag_value.first;  // not a structured binding: lambdas below capture it
        const std::string& value = flag_value.second;
        auto rate = [&](double& field) -> bool {
            auto v = parse_double(value, 0.0, 1.0);
            if (!v) return false;
            field = *v;
            return true;
        };
        std::optional<std::string> bad;
        if (name == "--help") {
            cfg.help = true;
        } else if (name == "--quiet") {
            s.access_log = false;
        } else if (name == "--control") {
            e.control_endpoint = true;
        } else if (name == "--no-demo-client") {
            s.register_demo_client = false;
        } else if (name == "--host") {
            if (!is_plain_host(value)) return fail("--host: expected a host name or IP address, got '" + value + "'");
            s.host = value;
        } else if (name == "--port") {
            auto p = parse_int(value, 0, 65535);
            if (!p) return fail("--port: expected a port number 0..65535, got '" + value + "'");
            s.port = static_cast<int>(*p);
        } else if (name == "--web-root") {
            if (value.empty()) return fail("--web-root: empty path");
            s.web_root = value;
            cfg.web_root_given = true;
        } else if (name == "--catalogue") {
            if (value.empty()) return fail("--catalogue: empty path");
            cfg.catalogue_file = value;
        } else if (name == "--public-url") {
            auto u = parse_url(value);
            if (!u || (u->scheme != "http" && u->scheme != "https") || u->host.empty() ||
                (u->path != "/" && !u->path.empty()) || !u->query.empty())
                return fail("--public-url: expected an origin like http://localhost:8080, got '" + value + "'");
            s.public_url = u->origin();
        } else if (name == "--threads") {
            auto n = parse_int(value, 1, 256);
            if (!n) return fail("--threads: expected 1..256, got '" + value + "'");
            s.threads = static_cast<int>(*n);
        } else if (name == "--flavor") {
            if (value == "public") e.flavor = emu::Flavor::Public;
            else if (value == "strict") e.flavor = emu::Flavor::Strict;
            else if (value == "sandbox") e.flavor = emu::Flavor::Sandbox;
            else return fail("--flavor: expected public, strict or sandbox, got '" + value + "'");
        } else if (name == "--seed") {
            auto n = parse_int(value, 0, 9223372036854775807LL);
            if (!n) return fail("--seed: expected a non-negative integer, got '" + value + "'");
            e.seed = static_cast<uint64_t>(*n);
        } else if (name == "--pins") {
            auto n = parse_int(value, 0, 1000000);
            if (!n) return fail("--pins: expected 0..1000000, got '" + value + "'");
            e.pin_count = static_cast<int>(*n);
        } else if (name == "--allow-origin") {
            if (value != "*" && !is_http_origin_or_url(value))
                return fail("--allow-origin: expected an origin like http://localhost:5173 or *, got '" + value + "'");
            if (value != "*") {
                auto u = parse_url(value);
                if ((u->path != "/" && !u->path.empty()) || !u->query.empty())
                    return fail("--allow-origin: an origin has no path, got '" + value + "'");
                e.allowed_origins.push_back(u->origin());
            } else {
                e.allowed_origins.push_back("*");
            }
        } else if (name == "--client") {
            std::string err;
            auto app = parse_client_spec(value, err);
            if (!app) return fail(err);
            for (const auto& c : clients)
                if (c.client_id == app->client_id) return fail("--client: id '" + app->client_id + "' given twice");
            clients.push_back(*app);
        } else if (name == "--rate-limit") {
            if (value == "on") {
                s.rate_limit = RateLimitSetting{RateLimitSetting::On, 0};
            } else if (value == "off") {
                s.rate_limit = RateLimitSetting{RateLimitSetting::Off, 0};
            } else {
                auto n = parse_int(value, 1, 100000000);
                if (!n) return fail("--rate-limit: expected on, off or a positive number per minute, got '" + value + "'");
                s.rate_limit = RateLimitSetting{RateLimitSetting::PerMinute, static_cast<int>(*n)};
            }
        } else if (name == "--latency-ms") {
            auto v = parse_double(value, 0.0, 600000.0);
            if (!v) return fail("--latency-ms: expected 0..600000, got '" + value + "'");
            e.faults.latency_ms = *v;
        } else if (name == "--fail-rate") {
            if (!rate(e.faults.p_5xx)) return fail("--fail-rate: expected a probability 0..1, got '" + value + "'");
        } else if (name == "--rate-429") {
            if (!rate(e.faults.p_429)) return fail("--rate-429: expected a probability 0..1, got '" + value + "'");
        } else if (name == "--malformed-rate") {
            if (!rate(e.faults.p_malformed)) return fail("--malformed-rate: expected a probability 0..1, got '" + value + "'");
        } else if (name == "--truncate-rate") {
            if (!rate(e.faults.p_truncated)) return fail("--truncate-rate: expected a probability 0..1, got '" + value + "'");
        } else if (name == "--drop-rate") {
            if (!rate(e.faults.p_drop)) return fail("--drop-rate: expected a probability 0..1, got '" + value + "'");
        } else if (name == "--pinterest-app-id") {
            if (value.empty()) return fail("--pinterest-app-id: empty");
            s.broker.app_id = value;
        } else if (name == "--pinterest-secret-file") {
            if (value.empty()) return fail("--pinterest-secret-file: empty path");
            cfg.pinterest_secret_file = value;
        } else if (name == "--pinterest-upstream") {
            auto u = parse_url(value);
            if (!u || (u->scheme != "http" && u->scheme != "https") || u->host.empty())
                return fail("--pinterest-upstream: expected an http(s) origin, got '" + value + "'");
            s.broker.upstream = u->origin();
        } else if (name == "--broker-key-file") {
            if (value.empty()) return fail("--broker-key-file: empty path");
            s.broker.state_key_file = value;
        } else if (name == "--csp-connect") {
            auto u = parse_url(value);
            if (!u || (u->scheme != "http" && u->scheme != "https") || u->host.empty() ||
                (u->path != "/" && !u->path.empty()) || !u->query.empty())
                return fail("--csp-connect: expected an origin like https://api.example.com, got '" + value + "'");
            s.csp_connect.push_back(u->origin());
        }
        else {
            // A numeric limit (the table above names each once).
            for (const auto& l : limits)
                if (name == l.name) {
                    auto n = parse_int(value, l.lo, l.hi);
                    if (!n) bad = name + ": expected " + std::to_string(l.lo) + ".." + std::to_string(l.hi) + ", got '" + value + "'";
                    else l.set(*n);
                }
        }
        if (bad) return fail(*bad);
    }
    if (s.broker.enabled() && cfg.pinterest_secret_file.empty())
        return fail("--pinterest-app-id needs --pinterest-secret-file (the secret never goes on the command line)");
    if (!s.broker.enabled() && !cfg.pinterest_secret_file.empty())
        return fail("--pinterest-secret-file needs --pinterest-app-id");
    e.clients = std::move(clients);
    out.config = std::move(cfg);
    return out;
}

}  // namespace pinlab::server
