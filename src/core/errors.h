// errors.h — the one error type the client hands to the UI (ApiError), Result<T>, and the
// mapping from HTTP/transport outcomes and Pinterest's {code, message} body to a typed error
// with a hint a person can act on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/http.h"

namespace pinlab {

enum class ErrorKind : uint8_t {
    None,
    Validation,      // rejected before sending (bad page_size, title too long, bad date range, …)
    Transport,       // network error, DNS, CORS (fetch reports status 0)
    Timeout,         // no response within the request's timeout
    Cancelled,       // cancelled by the caller
    Auth,            // 401: token missing, expired or revoked; sign-in problems (state mismatch, denied)
    Permission,      // 403, or Pinterest code 3: the token lacks a scope
    RateLimited,     // 429 / code 8 after waiting was not possible
    NotFound,        // 404
    Http,            // any other 4xx
    Server,          // 5xx
    Decode,          // body is not the JSON the spec promises; message names the field
    OutcomeUnknown,  // a create/update may or may not have happened (dropped connection, 5xx, unreadable body)
    NotInSandbox,    // the sandbox refused an operation it does not serve (x-sandbox: disabled): not a token problem
};

const char* to_string(ErrorKind k);

struct ApiError {
    ErrorKind kind = ErrorKind::None;
    int http_status = 0;                 // 0 when no HTTP response
    std::optional<int> pinterest_code;   // Pinterest's "code" from the error body
    std::string message;                 // what happened (server message, decode path, validation rule)
    std::string hint;                    // what the person can do about it
    std::string operation;               // operation name, e.g. "pins/create"
    double retry_after_ms = 0;           // for RateLimited: how long until the limit resets (0 = unknown)

    bool ok() const { return kind == ErrorKind::None; }
    explicit operator bool() const { return kind != ErrorKind::None; }  // true when there IS an error
    // One line for a status bar: "[kind] operation: message (HTTP 401, code 2) — hint".
    std::string describe() const;
};

inline ApiError make_error(ErrorKind kind, std::string message, std::string hint = {}) {
    ApiError e;
    e.kind = kind;
    e.message = std::move(message);
    e.hint = std::move(hint);
    return e;
}

// A value or an error (never both). No exceptions: check ok() before value().
template <class T>
struct Result {
    std::optional<T> value;
    ApiError error;

    Result() { error.kind = ErrorKind::Decode; }  // an empty Result is an error, never a silent success
    Result(T v) : value(std::move(v)) {}          // NOLINT: implicit on purpose
    Result(ApiError e) : error(std::move(e)) {    // NOLINT
        if (error.kind == ErrorKind::None) error.kind = ErrorKind::Http;
    }
    bool ok() const { return value.has_value(); }
};

// What the error mapper needs to know about the operation that failed.
struct OperationInfo {
    const char* name = "";          // "pins/create"
    const char* method = "GET";
    const char* scopes = "";        // comma-separated required scopes, e.g. "boards:read,pins:read"
    const char* category = "";      // x-ratelimit-category, e.g. "org_read"
    bool creates = false;           // POST that creates something: never retried blindly
    bool sandbox = true;            // x-sandbox: enabled (the sandbox serves it)
};

// Maps a transport failure to Transport/Timeout/Cancelled (or OutcomeUnknown for writes).
ApiError error_from_transport(TransportError err, std::string_view detail, const OperationInfo& op);
// Maps a non-2xx response (status + Pinterest error body, if any) to a typed error with a hint.
// For a rate limit, the X-RateLimit-Reset header (seconds), when sane, sets retry_after_ms.
ApiError error_from_response(const Response& resp, const OperationInfo& op);

// [SECTION] What the client concludes on its own (every hint sentence lives in errors.cpp) -------------

// A write answered 2xx with a body that could not be read: it most likely happened (it is not repeated).
ApiError unreadable_write_error(ApiError decode, int status, const OperationInfo& op);
// The sandbox's 401 to an operation it does not serve: not the token's fault.
ApiError not_in_sandbox_error(ApiError from_response);
ApiError not_signed_in_error();  // an authed request with no token (and none on its way)
ApiError signed_out_error();     // requests that waited for a refresh after which no token is left
ApiError cannot_refresh_error();
ApiError code_exchange_error(ApiError from_transport);  // the sign-in's code exchange got no answer
ApiError revoke_refused_error(const Response& resp, const OperationInfo& op);  // signed out locally anyway
// A media upload refused by its upload_url (S3): its <Code> and <Message> when the body had them.
ApiError upload_refused_error(int status, const std::string& s3_code, const std::string& s3_message,
                              const OperationInfo& op);

}  // namespace pinlab
