// flags.cpp — pinlab-server's command line (see flags.h). CLI11 does the syntax ("--flag value",
// "--flag=value", unknown flags, missing values, flags that take none); every value is validated
// here so a typo fails at start with a clear message instead of as odd behaviour later.
#include "server/flags.h"

#include <CLI/CLI.hpp>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>

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

// What parsing gathers across flags before it goes into the Config.
struct Parsing {
    std::vector<emu::ClientApp> clients;
};

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

// [SECTION] The flags -------------------------------------------------------------------------------
// One row per flag: its name, its argument, its help, and what it does with a value. CLI11 is fed the
// names, usage() prints the rows by group, and parse_flags applies each given value through its row.

namespace {

using Apply = std::function<std::optional<std::string>(const std::string& value, Config& cfg, Parsing& p)>;

struct Flag {
    const char* group;  // heading in --help
    const char* name;
    const char* arg;    // nullptr: a switch that takes no value
    std::string help;   // may span lines ("\n" continues under the help column)
    Apply apply;        // returns the error (one line) or nullopt
};

std::optional<std::string> ok() { return std::nullopt; }

// A numeric limit (limits.h, the emulator's Quotas): range-checked, its default shown in --help.
template <class Field>
Flag limit(const char* name, const char* arg, long long lo, long long hi, Field Limits::*member,
           std::string help) {
    help += " [" + std::to_string(Limits{}.*member) + "]";
    return Flag{"Limits (defaults in brackets; see SECURITY.md):", name, arg, std::move(help),
                [=](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
                    auto n = parse_int(v, lo, hi);
                    if (!n) return std::string(name) + ": expected " + std::to_string(lo) + ".." + std::to_string(hi) + ", got '" + v + "'";
                    c.server.*member = static_cast<Field>(*n);
                    return ok();
                }};
}

template <class Field>
Flag quota(const char* name, long long lo, long long hi, Field emu::Quotas::*member, std::string help) {
    help += " [" + std::to_string(emu::Quotas{}.*member) + "]";
    return Flag{"Limits (defaults in brackets; see SECURITY.md):", name, "N", std::move(help),
                [=](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
                    auto n = parse_int(v, lo, hi);
                    if (!n) return std::string(name) + ": expected " + std::to_string(lo) + ".." + std::to_string(hi) + ", got '" + v + "'";
                    c.server.emulator.quotas.*member = static_cast<Field>(*n);
                    return ok();
                }};
}

// A fault probability 0..1.
Flag rate(const char* name, double emu::Faults::*member, const char* help) {
    return Flag{"Faults (deterministic from --seed; rates are probabilities 0..1):", name, "P", help,
                [=](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
                    auto x = parse_double(v, 0.0, 1.0);
                    if (!x) return std::string(name) + ": expected a probability 0..1, got '" + v + "'";
                    c.server.emulator.faults.*member = *x;
                    return ok();
                }};
}

// An origin (scheme://host[:port], no path or query).
std::optional<std::string> as_origin(const std::string& v, std::string& out) {
    auto u = parse_url(v);
    if (!u || (u->scheme != "http" && u->scheme != "https") || u->host.empty() || (u->path != "/" && !u->path.empty()) ||
        !u->query.empty())
        return std::string("bad");
    out = u->origin();
    return std::nullopt;
}

constexpr const char* kServe = "";
constexpr const char* kEmu = "Emulator:";
constexpr const char* kBroker = "Real Pinterest (token broker + API proxy; optional):";
constexpr const char* kSecurity = "Security:";

const std::vector<Flag>& flag_table() {
    static const std::vector<Flag> table = {
        {kServe, "--host", "HOST", "address to listen on (default 127.0.0.1)",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             if (!is_plain_host(v)) return "--host: expected a host name or IP address, got '" + v + "'";
             c.server.host = v;
             return ok();
         }},
        {kServe, "--port", "N", "port (default 8080, or $PORT); 0 picks a free port",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             auto n = parse_int(v, 0, 65535);
             if (!n) return "--port: expected a port number 0..65535, got '" + v + "'";
             c.server.port = static_cast<int>(*n);
             return ok();
         }},
        {kServe, "--web-root", "DIR", "the built page (default: ./dist)",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             if (v.empty()) return std::string("--web-root: empty path");
             c.server.web_root = v;
             c.web_root_given = true;
             return ok();
         }},
        {kServe, "--public-url", "URL", "origin the browser uses, if not http://HOST:PORT",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             if (as_origin(v, c.server.public_url))
                 return "--public-url: expected an origin like http://localhost:8080, got '" + v + "'";
             return ok();
         }},
        {kServe, "--threads", "N", "worker threads (default 16)",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             auto n = parse_int(v, 1, 256);
             if (!n) return "--threads: expected 1..256, got '" + v + "'";
             c.server.threads = static_cast<int>(*n);
             return ok();
         }},
        {kServe, "--quiet", nullptr, "no access log",
         [](const std::string&, Config& c, Parsing&) { c.server.access_log = false; return ok(); }},
        {kServe, "--state-dir", "DIR|none",
         "keep the emulator's state (boards, pins, uploads, tokens) in DIR\nacross restarts, written soon after each "
         "change; none: in memory\n(default)",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             if (v.empty()) return std::string("--state-dir: empty path (none keeps the state in memory)");
             c.server.state_dir = v == "none" ? std::string() : v;
             return ok();
         }},
        {kServe, "--state-reset", nullptr, "start from the seed data when the saved state cannot be trusted",
         [](const std::string&, Config& c, Parsing&) { c.server.state_reset = true; return ok(); }},

        {kEmu, "--flavor", "public|strict|sandbox",
         "public: PKCE clients + CORS; strict: as production\n(secret required, no CORS); sandbox: as api-sandbox (default public)",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             emu::Flavor& f = c.server.emulator.flavor;
             if (v == "public") f = emu::Flavor::Public;
             else if (v == "strict") f = emu::Flavor::Strict;
             else if (v == "sandbox") f = emu::Flavor::Sandbox;
             else return "--flavor: expected public, strict or sandbox, got '" + v + "'";
             return ok();
         }},
        {kEmu, "--seed", "N", "seed of the generated data and faults (default 1)",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             auto n = parse_int(v, 0, 9223372036854775807LL);
             if (!n) return "--seed: expected a non-negative integer, got '" + v + "'";
             c.server.emulator.seed = static_cast<uint64_t>(*n);
             return ok();
         }},
        {kEmu, "--catalogue", "FILE",
         "the API catalogue (catalogue.json) behind the operations the emulator\ndoes not model (default: "
         "catalogue.json in the web root, which the web\nbuild puts there; without one, those operations answer 501)",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             if (v.empty()) return std::string("--catalogue: empty path");
             c.catalogue_file = v;
             return ok();
         }},
        {kEmu, "--pins", "N", "number of generated pins (default 1000)",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             auto n = parse_int(v, 0, 1000000);
             if (!n) return "--pins: expected 0..1000000, got '" + v + "'";
             c.server.emulator.pin_count = static_cast<int>(*n);
             return ok();
         }},
        {kEmu, "--allow-origin", "ORIGIN", "allow CORS from ORIGIN (public flavour; repeatable; * = any)",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             std::string o = "*";
             if (v != "*" && as_origin(v, o))
                 return "--allow-origin: expected an origin like http://localhost:5173 or * (no path), got '" + v + "'";
             c.server.emulator.allowed_origins.push_back(o);
             return ok();
         }},
        {kEmu, "--client", "id=ID,redirect=URI[,redirect=URI2][,secret=S][,name=N]",
         "\nregister an app (repeatable); \"pinlab-demo\" is registered for\nthis server's own page unless --no-demo-client",
         [](const std::string& v, Config&, Parsing& p) -> std::optional<std::string> {
             std::string err;
             auto app = parse_client_spec(v, err);
             if (!app) return err;
             for (const auto& c : p.clients)
                 if (c.client_id == app->client_id) return "--client: id '" + app->client_id + "' given twice";
             p.clients.push_back(*app);
             return ok();
         }},
        {kEmu, "--no-demo-client", nullptr, "do not register \"pinlab-demo\"",
         [](const std::string&, Config& c, Parsing&) { c.server.register_demo_client = false; return ok(); }},
        {kEmu, "--confidential-client", nullptr,
         "also register \"pinlab-confidential\" with the published secret\n\"pinlab-demo-secret\" (for trying the "
         "strict flavour; anyone who\nknows the secret can use it, so never on a shared server)",
         [](const std::string&, Config& c, Parsing&) { c.server.register_confidential_client = true; return ok(); }},
        {kEmu, "--control", nullptr,
         "enable the /_emulator/* control endpoints (the page's Faults view;\nsame origin only)",
         [](const std::string&, Config& c, Parsing&) { c.server.emulator.control_endpoint = true; return ok(); }},
        {kEmu, "--rate-limit", "on|off|N",
         "emulator rate limits: on (default, as Pinterest), off, or N\nrequests per minute per category",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             if (v == "on") c.server.rate_limit = RateLimitSetting{RateLimitSetting::On, 0};
             else if (v == "off") c.server.rate_limit = RateLimitSetting{RateLimitSetting::Off, 0};
             else if (auto n = parse_int(v, 1, 100000000))
                 c.server.rate_limit = RateLimitSetting{RateLimitSetting::PerMinute, static_cast<int>(*n)};
             else return "--rate-limit: expected on, off or a positive number per minute, got '" + v + "'";
             return ok();
         }},

        {"Faults (deterministic from --seed; rates are probabilities 0..1):", "--latency-ms", "MS",
         "added to every response",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             auto x = parse_double(v, 0.0, 600000.0);
             if (!x) return "--latency-ms: expected 0..600000, got '" + v + "'";
             c.server.emulator.faults.latency_ms = *x;
             return ok();
         }},
        rate("--fail-rate", &emu::Faults::p_5xx, "500/503 answers"),
        rate("--rate-429", &emu::Faults::p_429, "429 answers"),
        rate("--malformed-rate", &emu::Faults::p_malformed, "bodies that are not JSON"),
        rate("--truncate-rate", &emu::Faults::p_truncated, "JSON cut in the middle"),
        rate("--drop-rate", &emu::Faults::p_drop, "connections closed without an answer"),

        {kBroker, "--pinterest-app-id", "ID", "enables POST /broker/token and /proxy/v5/*",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             if (v.empty()) return std::string("--pinterest-app-id: empty");
             c.server.broker.app_id = v;
             return ok();
         }},
        {kBroker, "--pinterest-secret-file", "F", "file holding the app secret",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             if (v.empty()) return std::string("--pinterest-secret-file: empty path");
             c.pinterest_secret_file = v;
             return ok();
         }},
        {kBroker, "--pinterest-upstream", "URL", "API origin (default https://api.pinterest.com)",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             auto u = parse_url(v);
             if (!u || (u->scheme != "http" && u->scheme != "https") || u->host.empty())
                 return "--pinterest-upstream: expected an http(s) origin, got '" + v + "'";
             c.server.broker.upstream = u->origin();
             return ok();
         }},

        limit("--max-body-bytes", "N", 1024, 1LL << 32, &Limits::max_body_bytes, "request body, any transfer encoding; 413"),
        limit("--max-header-line", "N", 256, 1 << 20, &Limits::max_header_line, "request line (414) and each header line (431)"),
        limit("--max-header-count", "N", 8, 10000, &Limits::max_header_count, "header fields per request; 431"),
        limit("--max-header-bytes", "N", 1024, 1 << 24, &Limits::max_header_bytes, "request line + headers; 431"),
        limit("--max-ranges", "N", 0, 64, &Limits::max_ranges, "ranges per request; more = the whole file"),
        limit("--max-json-elements", "N", 16, 100000000, &Limits::max_json_elements,
              "values in a JSON request body, counted before parsing; 413"),
        limit("--max-json-depth", "N", 4, 512, &Limits::max_json_depth, "nesting of a JSON request body; 400"),
        limit("--header-timeout-ms", "MS", 100, 600000, &Limits::header_timeout_ms, "first byte to end of headers; 408"),
        limit("--body-timeout-ms", "MS", 100, 3600000, &Limits::body_timeout_ms, "end of headers to end of body; 408"),
        limit("--idle-timeout-ms", "MS", 100, 600000, &Limits::idle_timeout_ms, "idle keep-alive connection"),
        limit("--write-timeout-ms", "MS", 100, 3600000, &Limits::write_timeout_ms, "a client that does not read its answer"),
        limit("--max-connections", "N", 1, 100000, &Limits::max_connections, "open connections; 503"),
        limit("--max-connections-per-peer", "N", 0, 100000, &Limits::max_connections_per_peer,
              "per client address, 0 = no limit; 429"),
        limit("--max-queued", "N", 1, 100000, &Limits::max_queued_requests, "requests waiting for a worker; 503"),
        limit("--max-write-bytes", "N", 1 << 20, 1LL << 40, &Limits::max_queued_write_bytes,
              "answer bytes queued for slow readers, all connections;\npast it large answers get 503"),
        limit("--max-renders", "N", 0, 256, &Limits::max_concurrent_renders, "images drawn at once, 0 = half the cores; 503 when busy"),
        limit("--render-nice", "N", 0, 19, &Limits::render_nice, "nice value of the threads that draw images, 0..19; API answers first"),
        limit("--proxy-max-concurrent", "N", 1, 1024, &Limits::proxy_max_concurrent, "broker calls to Pinterest at once; 503"),
        limit("--proxy-timeout-ms", "MS", 100, 600000, &Limits::proxy_timeout_ms, "each broker call to Pinterest"),
        limit("--sign-in-ttl-s", "S", 30, 86400, &Limits::sign_in_ttl_s, "a broker sign-in must finish within"),
        quota("--max-pins", 0, 10000000, &emu::Quotas::max_pins, "pins created past the seed data; 429"),
        quota("--max-boards", 1, 1000000, &emu::Quotas::max_boards, "boards + sections; 429"),
        quota("--max-stored-bytes", 0, 1LL << 40, &emu::Quotas::max_stored_bytes, "uploaded image bytes kept; 413"),
        quota("--max-pending-codes", 1, 10000000, &emu::Quotas::max_pending_codes, "authorization codes outstanding; 503"),
        quota("--max-codes-per-peer", 1, 1000000, &emu::Quotas::max_codes_per_peer,
              "authorization codes outstanding per client and address; 429"),

        {kSecurity, "--trusted-proxy", "ADDR",
         "a reverse proxy's address (repeatable): requests from it are\nattributed to the last X-Forwarded-For "
         "address, and its\nconnections are not limited per address",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             if (!is_plain_host(v) || v.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos)
                 return "--trusted-proxy: expected an IP address like 127.0.0.1, got '" + v + "'";
             c.server.trusted_proxies.push_back(v);
             return ok();
         }},
        {kSecurity, "--broker-key-file", "F",
         "key file for the broker's signed state (one key per line: current,\nthen previous); shared by every broker instance",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             if (v.empty()) return std::string("--broker-key-file: empty path");
             c.server.broker.state_key_file = v;
             return ok();
         }},
        {kSecurity, "--csp-connect", "ORIGIN", "another origin the page may connect to (repeatable)",
         [](const std::string& v, Config& c, Parsing&) -> std::optional<std::string> {
             std::string o;
             if (as_origin(v, o)) return "--csp-connect: expected an origin like https://api.example.com, got '" + v + "'";
             c.server.csp_connect.push_back(o);
             return ok();
         }},

        {"\n", "--help", nullptr, "this text", [](const std::string&, Config& c, Parsing&) { c.help = true; return ok(); }},
    };
    return table;
}

}  // namespace

// [SECTION] Usage -----------------------------------------------------------------------------------

std::string usage() {
    std::string out = "Usage: pinlab-server [options]\n\nServes the Pinlab page (dist/) and a Pinterest API v5 emulator on one origin.\n\n";
    constexpr size_t kHelpColumn = 28;
    const std::string indent(kHelpColumn, ' ');
    std::string group = kServe;
    for (const Flag& f : flag_table()) {
        if (group != f.group) {
            group = f.group;
            out += std::string("\n") + (group == "\n" ? "" : group + std::string("\n"));
        }
        std::string left = std::string("  ") + f.name + (f.arg ? std::string(" ") + f.arg : "");
        out += left;
        // The help starts on this line after at least two spaces, or on the next line if the flag is long.
        if (left.size() + 2 <= kHelpColumn) out += std::string(kHelpColumn - left.size(), ' ');
        else if (f.help.empty() || f.help[0] != '\n') out += "  ";
        for (char ch : f.help) {
            out += ch;
            if (ch == '\n') out += indent;
        }
        out += "\n";
    }
    return out;
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
    Parsing parsing;
    auto fail = [&](std::string msg) {
        out.error = std::move(msg);
        out.config.reset();
        return out;
    };
    if (env_port && *env_port) {
        auto p = parse_int(env_port, 0, 65535);
        if (!p) return fail(std::string("PORT environment variable is not a port number (0..65535): '") + env_port + "'");
        cfg.server.port = static_cast<int>(*p);
    }

    // [SECTION] Syntax (CLI11): which flags were given, with which raw values, in order.
    CLI::App app{"pinlab-server"};
    app.set_help_flag();  // --help is ours (usage())
    app.allow_windows_style_options(false);
    std::vector<std::pair<const Flag*, std::string>> given;
    for (const Flag& f : flag_table()) {
        const Flag* row = &f;
        if (!f.arg) {
            app.add_flag_callback(f.name, [&given, row] { given.emplace_back(row, ""); })->disable_flag_override();
            continue;
        }
        app.add_option_function<std::vector<std::string>>(
               f.name, [&given, row](const std::vector<std::string>& vs) {
                   for (const auto& v : vs) given.emplace_back(row, v);
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

    // [SECTION] Values, in the order given, each through its row.
    for (const auto& [row, value] : given)
        if (auto err = row->apply(value, cfg, parsing)) return fail(*err);
    ServerConfig& s = cfg.server;
    if (s.broker.enabled() && cfg.pinterest_secret_file.empty())
        return fail("--pinterest-app-id needs --pinterest-secret-file (the secret never goes on the command line)");
    if (!s.broker.enabled() && !cfg.pinterest_secret_file.empty())
        return fail("--pinterest-secret-file needs --pinterest-app-id");
    s.emulator.clients = std::move(parsing.clients);
    out.config = std::move(cfg);
    return out;
}

}  // namespace pinlab::server
