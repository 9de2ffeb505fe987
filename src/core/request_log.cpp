// request_log.cpp — bounded request log with redaction and curl rendering (see request_log.h).
#include "core/request_log.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"

namespace pinlab {

static const char kRedacted[] = "[REDACTED]";

// Keys whose values are credentials wherever they appear (JSON string values, form/query values).
static const char* const kSecretKeys[] = {"access_token", "refresh_token", "code_verifier", "client_secret", "code",
                                          "token",        "id_token",      "password",      "secret"};

static bool token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '~' || c == '+' ||
           c == '/' || c == '=' || c == '%';
}

static bool key_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '%'; }

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A key as a server would read it: percent escapes (refresh%5Ftoken), JSON \u escapes
// (access\u005ftoken) decoded and ASCII lower-cased (Code), so spelling cannot dodge redaction.
static std::string normalized_key(std::string_view raw) {
    std::string k;
    for (size_t i = 0; i < raw.size() && k.size() <= 32; ++i) {
        char c = raw[i];
        if (c == '%' && i + 2 < raw.size() && hex_value(raw[i + 1]) >= 0 && hex_value(raw[i + 2]) >= 0) {
            c = static_cast<char>(hex_value(raw[i + 1]) * 16 + hex_value(raw[i + 2]));
            i += 2;
        } else if (c == '\\' && i + 5 < raw.size() && raw[i + 1] == 'u' && raw[i + 2] == '0' && raw[i + 3] == '0' &&
                   hex_value(raw[i + 4]) >= 0 && hex_value(raw[i + 5]) >= 0) {
            c = static_cast<char>(hex_value(raw[i + 4]) * 16 + hex_value(raw[i + 5]));
            i += 5;
        }
        k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return k;
}

bool is_secret_key(std::string_view raw) {
    const std::string k = normalized_key(raw);
    return std::any_of(std::begin(kSecretKeys), std::end(kSecretKeys), [&](const char* s) { return k == s; });
}

// The console also hides the OAuth `state`: not a credential, but it binds a sign-in in progress and the
// console's entries are copied into curl commands and bug reports.
static bool hidden_key(std::string_view raw) { return is_secret_key(raw) || normalized_key(raw) == "state"; }

// Replaces the value after `"key"\s*:\s*"` (JSON strings) and `key=` (form/query) for secret keys.
static std::string redact_key_values(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    size_t i = 0;
    while (i < in.size()) {
        bool done = false;
        // JSON: "key" : "value"
        if (in[i] == '"') {
            size_t end = in.find('"', i + 1);
            if (end != std::string_view::npos) {
                std::string_view k = in.substr(i + 1, end - i - 1);
                bool secret = hidden_key(k);
                if (secret) {
                    size_t j = end + 1;
                    while (j < in.size() && std::isspace(static_cast<unsigned char>(in[j]))) ++j;
                    if (j < in.size() && in[j] == ':') {
                        ++j;
                        while (j < in.size() && std::isspace(static_cast<unsigned char>(in[j]))) ++j;
                        if (j < in.size() && in[j] == '"') {
                            size_t v = j + 1;
                            while (v < in.size() && in[v] != '"') v += (in[v] == '\\' && v + 1 < in.size()) ? 2 : 1;
                            out.append(in.substr(i, j + 1 - i));
                            out += kRedacted;
                            i = std::min(v, in.size());  // keeps the closing quote
                            done = true;
                        }
                    }
                }
            }
        }
        // Form / query / cookie-like: (start|&|?|;|,|whitespace) key=value
        if (!done && key_char(in[i]) && (i == 0 || in[i - 1] == '&' || in[i - 1] == '?' || in[i - 1] == ' ' ||
                                         in[i - 1] == '\n' || in[i - 1] == ';' || in[i - 1] == ',' ||
                                         in[i - 1] == '\t' || in[i - 1] == '\r')) {
            size_t e = i;
            while (e < in.size() && key_char(in[e])) ++e;
            if (e < in.size() && in[e] == '=') {
                std::string_view k = in.substr(i, e - i);
                bool secret = hidden_key(k);
                if (secret) {
                    size_t v = e + 1;
                    while (v < in.size() && in[v] != '&' && in[v] != ' ' && in[v] != '\n' && in[v] != '#' &&
                           in[v] != '\'' && in[v] != '"' && in[v] != ';' && in[v] != '\r')
                        ++v;
                    out.append(in.substr(i, e + 1 - i));
                    if (v > e + 1) out += kRedacted;
                    i = v;
                    done = true;
                }
            }
        }
        if (!done) out += in[i++];
    }
    return out;
}

// Any pina…/pinr… token-looking run (Pinterest access/refresh tokens), and "Bearer X".
static std::string redact_token_shapes(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    size_t i = 0;
    while (i < in.size()) {
        bool start = i == 0 || !token_char(in[i - 1]);
        if (start && i + 4 <= in.size() &&
            (in.compare(i, 4, "pina") == 0 || in.compare(i, 4, "pinr") == 0)) {
            size_t e = i;
            while (e < in.size() && token_char(in[e])) ++e;
            if (e - i >= 16) {
                out.append(in.substr(i, 4));
                out += kRedacted;
                i = e;
                continue;
            }
        }
        if (start && i + 7 <= in.size() && in.compare(i, 7, "Bearer ") == 0) {
            size_t e = i + 7;
            while (e < in.size() && token_char(in[e])) ++e;
            out += "Bearer ";
            if (e > i + 7) out += kRedacted;
            i = e;
            continue;
        }
        out += in[i++];
    }
    return out;
}

std::string redact_text(std::string_view text) { return redact_token_shapes(redact_key_values(text)); }

std::string redact_url(std::string_view url) { return redact_text(url); }

Headers redact_headers(const Headers& h) {
    Headers out;
    for (const auto& [k, v] : h.items) {
        if (iequals(k, "Authorization") || iequals(k, "Proxy-Authorization")) {
            size_t sp = v.find(' ');
            out.add(k, sp == std::string::npos ? std::string(kRedacted) : v.substr(0, sp + 1) + kRedacted);
        } else if (iequals(k, "Cookie") || iequals(k, "Set-Cookie") || iequals(k, "X-Api-Key")) {
            out.add(k, kRedacted);
        } else {
            out.add(k, redact_text(v));
        }
    }
    return out;
}

std::string shell_quote(std::string_view s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    out += "'";
    return out;
}

std::string absolute_for_curl(std::string_view url, std::string_view origin) {
    if (origin.empty() || url.empty() || url[0] != '/' || (url.size() > 1 && url[1] == '/')) return std::string(url);
    while (!origin.empty() && origin.back() == '/') origin.remove_suffix(1);
    // The consent page lives on www.pinterest.com, the API (and its token endpoint) on api.pinterest.com.
    if (url.substr(0, 7) == "/oauth/" && origin == kPinterestApiOrigin)
        return "https://www.pinterest.com" + std::string(url);
    return std::string(origin) + std::string(url);
}

std::string to_curl(const LogEntry& e, std::string_view origin) {
    std::string s = "curl";
    if (e.method != "GET") s += " -X " + shell_quote(e.method);
    s += " " + shell_quote(absolute_for_curl(e.url, origin));
    for (const auto& [k, v] : e.request_headers.items) s += " -H " + shell_quote(k + ": " + v);
    if (!e.request_body.empty()) s += " --data-raw " + shell_quote(e.request_body);
    return s;
}

// [SECTION] RequestLog ----------------------------------------------------------------------------

RequestLog::RequestLog(size_t capacity, size_t body_cap)
    : capacity_(capacity ? capacity : 1), body_cap_(body_cap) {}

// What the log keeps of a body: its first `cap` bytes (cut at a UTF-8 boundary), redacted. Only a prefix
// with some context after the cut is scanned — a 100 KB page must not cost a frame for 16 KB shown — and a
// secret that starts before the cut is redacted to the end of that prefix, so no part of it shows.
static std::string redacted_capped(std::string_view body, size_t cap) {
    if (body.size() <= cap) return redact_text(body);
    std::string s = redact_text(body.substr(0, cap + 1024));
    size_t keep = utf8_floor(s, cap);
    s.resize(keep);
    s += "… [" + std::to_string(body.size() - keep) + " more bytes]";
    return s;
}

uint64_t RequestLog::begin(std::string operation, const Request& req, double now_ms, int attempt) {
    LogEntry e;
    e.id = next_id_++;
    e.operation = std::move(operation);
    e.method = req.method;
    e.url = redact_url(req.url);
    e.request_headers = redact_headers(req.headers);
    // Redact before capping so a cut can never expose half a secret.
    e.request_body = redacted_capped(req.body, body_cap_);
    e.request_bytes = req.body.size();
    e.started_ms = now_ms;
    e.attempt = attempt;
    entries_.push_back(std::move(e));
    while (entries_.size() > capacity_) entries_.pop_front();
    return entries_.back().id;
}

LogEntry* RequestLog::find_mut(uint64_t id) {
    if (entries_.empty() || id < entries_.front().id || id > entries_.back().id) return nullptr;
    LogEntry& e = entries_[id - entries_.front().id];  // ids are consecutive within the deque
    return e.id == id ? &e : nullptr;
}

const LogEntry* RequestLog::find(uint64_t id) const { return const_cast<RequestLog*>(this)->find_mut(id); }

void RequestLog::finish(uint64_t id, const Completion& c, double now_ms, std::string_view category) {
    LogEntry* e = find_mut(id);
    if (!e) return;
    e->done = true;
    e->duration_ms = now_ms - e->started_ms;
    if (c.error != TransportError::None) {
        e->error = to_string(c.error);
        if (!c.error_detail.empty()) e->error += ": " + c.error_detail;
        return;
    }
    e->status = c.response.status;
    e->response_bytes = c.response.body.size();
    e->response_body = redacted_capped(c.response.body, body_cap_);
    e->response_headers = redact_headers(c.response.headers);
    e->ratelimit_category = std::string(category);
    if (auto h = c.response.headers.get("x-ratelimit-category"); !h.empty()) e->ratelimit_category = std::string(h);
    e->ratelimit_limit = std::string(c.response.headers.get("X-RateLimit-Limit"));
    e->ratelimit_remaining = std::string(c.response.headers.get("X-RateLimit-Remaining"));
    e->ratelimit_reset = std::string(c.response.headers.get("X-RateLimit-Reset"));
}

}  // namespace pinlab
