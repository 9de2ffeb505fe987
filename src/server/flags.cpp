// flags.cpp — pinlab-server's command line (see flags.h). Every flag accepts "--flag value" and
// "--flag=value"; every value is validated here so a typo fails at start with a clear message
// instead of as odd behaviour later.
#include "server/flags.h"

#include <cctype>
#include <cerrno>
#include <cmath>
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
  --pins N                  number of generated pins (default 1000)
  --allow-origin ORIGIN     allow CORS from ORIGIN (public flavour; repeatable; * = any)
  --client id=ID,redirect=URI[,redirect=URI2][,secret=S][,name=N]
                            register an app (repeatable); "pinlab-demo" is registered for
                            this server's own page unless --no-demo-client
  --no-demo-client          do not register "pinlab-demo"
  --control                 enable the /_emulator/* control endpoints
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
    bool port_given = false;
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

    for (size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        std::string name = arg, value;
        bool has_inline = false;
        if (arg.rfind("--", 0) != 0) return fail("unexpected argument '" + arg + "' (flags start with --)");
        size_t eq = arg.find('=');
        if (eq != std::string::npos) {
            name = arg.substr(0, eq);
            value = arg.substr(eq + 1);
            has_inline = true;
        }
        // Flags without a value.
        auto no_value = [&](const char* flag) -> bool { return name == flag; };
        if (no_value("--help") || no_value("--quiet") || no_value("--control") || no_value("--no-demo-client")) {
            if (has_inline) return fail(name + " takes no value");
            if (name == "--help") cfg.help = true;
            if (name == "--quiet") s.access_log = false;
            if (name == "--control") e.control_endpoint = true;
            if (name == "--no-demo-client") s.register_demo_client = false;
            continue;
        }
        // Everything else takes a value.
        static const char* kValued[] = {"--host", "--port", "--web-root", "--public-url", "--threads", "--flavor",
                                        "--seed", "--pins", "--allow-origin", "--client", "--rate-limit",
                                        "--latency-ms", "--fail-rate", "--rate-429", "--malformed-rate",
                                        "--truncate-rate", "--drop-rate", "--pinterest-app-id",
                                        "--pinterest-secret-file", "--pinterest-upstream"};
        bool known = false;
        for (const char* k : kValued)
            if (name == k) known = true;
        if (!known) return fail("unknown flag '" + name + "'");
        if (!has_inline) {
            if (i + 1 >= args.size()) return fail(name + " needs a value");
            value = args[++i];
        }
        auto rate = [&](double& field) -> bool {
            auto v = parse_double(value, 0.0, 1.0);
            if (!v) return false;
            field = *v;
            return true;
        };

        if (name == "--host") {
            if (!is_plain_host(value)) return fail("--host: expected a host name or IP address, got '" + value + "'");
            s.host = value;
        } else if (name == "--port") {
            auto p = parse_int(value, 0, 65535);
            if (!p) return fail("--port: expected a port number 0..65535, got '" + value + "'");
            s.port = static_cast<int>(*p);
            port_given = true;
        } else if (name == "--web-root") {
            if (value.empty()) return fail("--web-root: empty path");
            s.web_root = value;
            cfg.web_root_given = true;
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
        }
    }
    (void)port_given;
    if (s.broker.enabled() && cfg.pinterest_secret_file.empty())
        return fail("--pinterest-app-id needs --pinterest-secret-file (the secret never goes on the command line)");
    if (!s.broker.enabled() && !cfg.pinterest_secret_file.empty())
        return fail("--pinterest-secret-file needs --pinterest-app-id");
    e.clients = std::move(clients);
    out.config = std::move(cfg);
    return out;
}

}  // namespace pinlab::server
