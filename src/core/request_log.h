// request_log.h — a bounded log of every request the client sent (the UI's API console), with
// secrets redacted at the moment of recording: the Authorization header, access/refresh tokens
// (JSON fields, form fields, and any pina…/pinr… string), authorization codes, code_verifier and
// client secrets. Each entry can be rendered as a shell-quoted `curl` command.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "core/http.h"

namespace pinlab {

struct LogEntry {
    uint64_t id = 0;                // increasing; never reused
    std::string operation;          // "pins/list", "oauth/token", …
    std::string method, url;        // URL redacted (code=, state= values hidden)
    Headers request_headers;        // redacted
    std::string request_body;       // redacted, capped
    int status = 0;                 // 0 = no response (see error)
    std::string error;              // transport error text, or empty
    double started_ms = 0, duration_ms = 0;
    size_t request_bytes = 0, response_bytes = 0;  // real sizes before capping
    std::string response_body;      // redacted, capped
    Headers response_headers;       // redacted
    std::string ratelimit_category, ratelimit_limit, ratelimit_remaining, ratelimit_reset;
    int attempt = 1;                // 1 = first try, 2+ = retry
    bool done = false;              // false while in flight
};

class RequestLog {
public:
    explicit RequestLog(size_t capacity = 500, size_t body_cap = 16 * 1024);

    // Records a request being sent; returns its entry id.
    uint64_t begin(std::string operation, const Request& req, double now_ms, int attempt);
    // Completes an entry (no-op if it has been evicted).
    void finish(uint64_t id, const Completion& c, double now_ms, std::string_view category);

    const std::deque<LogEntry>& entries() const { return entries_; }  // oldest first
    const LogEntry* find(uint64_t id) const;
    void clear() { entries_.clear(); }
    size_t capacity() const { return capacity_; }

private:
    LogEntry* find_mut(uint64_t id);
    std::deque<LogEntry> entries_;
    size_t capacity_, body_cap_;
    uint64_t next_id_ = 1;
};

// [SECTION] Redaction (pure functions, used by the log and usable elsewhere)
// Query, form and JSON keys whose values are credentials (tokens, codes, code_verifier, secrets,
// passwords): the log hides them, and so does pinlab-server's access log. The log also hides `state`.
bool is_secret_key(std::string_view key);  // percent and \\u escapes decoded, any case
std::string redact_text(std::string_view text);      // any body: JSON, form, or plain text
std::string redact_url(std::string_view url);         // query values of code/state/tokens/secrets
Headers redact_headers(const Headers& h);             // Authorization, Cookie, Set-Cookie, …
std::string shell_quote(std::string_view s);          // POSIX single-quote quoting
// Redacted, copy-pasteable. An origin-relative URL ("/v5/boards", as Demo's in-page emulator is called) is
// given the host `origin` ("https://api.pinterest.com"), so the command runs against the real API.
std::string to_curl(const LogEntry& e, std::string_view origin = {});
// Where Pinterest's API lives: what a copied request is addressed to when the backend was not Pinterest.
inline constexpr std::string_view kPinterestApiOrigin = "https://api.pinterest.com";
std::string absolute_for_curl(std::string_view url, std::string_view origin);

}  // namespace pinlab
