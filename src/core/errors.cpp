// errors.cpp — mapping HTTP statuses, Pinterest error codes and transport failures to ApiError
// with hints a person can act on.
#include "core/errors.h"

#include <cmath>
#include <cstdlib>

#include "core/json.h"

namespace pinlab {

const char* to_string(ErrorKind k) {
    switch (k) {
        case ErrorKind::None: return "ok";
        case ErrorKind::Validation: return "validation";
        case ErrorKind::Transport: return "network";
        case ErrorKind::Timeout: return "timeout";
        case ErrorKind::Cancelled: return "cancelled";
        case ErrorKind::Auth: return "auth";
        case ErrorKind::Permission: return "permission";
        case ErrorKind::RateLimited: return "rate limited";
        case ErrorKind::NotFound: return "not found";
        case ErrorKind::Http: return "http";
        case ErrorKind::Server: return "server";
        case ErrorKind::Decode: return "decode";
        case ErrorKind::OutcomeUnknown: return "outcome unknown";
        case ErrorKind::NotInSandbox: return "not in the sandbox";
    }
    return "unknown";
}

std::string ApiError::describe() const {
    if (ok()) return "ok";
    std::string s = "[";
    s += to_string(kind);
    s += "] ";
    if (!operation.empty()) s += operation + ": ";
    s += message;
    if (http_status || pinterest_code) {
        s += " (";
        if (http_status) s += "HTTP " + std::to_string(http_status);
        if (http_status && pinterest_code) s += ", ";
        if (pinterest_code) s += "code " + std::to_string(*pinterest_code);
        s += ")";
    }
    if (!hint.empty()) s += " — " + hint;
    return s;
}

static bool is_write(const OperationInfo& op) {
    std::string_view m = op.method;
    return m != "GET" && m != "HEAD" && m != "OPTIONS";
}

static std::string unknown_outcome_hint(const OperationInfo& op) {
    if (op.creates)
        return "The request may or may not have been carried out. It was NOT retried, so nothing was created "
               "twice; check the list (e.g. reload your pins) before trying again.";
    return "The change may or may not have been applied; reload to check before trying again.";
}

ApiError error_from_transport(TransportError err, std::string_view detail, const OperationInfo& op) {
    ApiError e;
    e.operation = op.name;
    std::string d = detail.empty() ? std::string() : " (" + std::string(detail) + ")";
    switch (err) {
        case TransportError::Cancelled:
            e.kind = ErrorKind::Cancelled;
            e.message = "cancelled";
            return e;
        case TransportError::Refused:
            e.kind = ErrorKind::Transport;
            e.message = "request not sent" + d;
            e.hint = "Check the API base URL in the settings.";
            return e;
        case TransportError::Timeout:
            e.kind = is_write(op) ? ErrorKind::OutcomeUnknown : ErrorKind::Timeout;
            e.message = "no response in time" + d;
            e.hint = is_write(op) ? unknown_outcome_hint(op) : "The server is slow or unreachable; try again.";
            return e;
        case TransportError::Network:
        case TransportError::None:
        default:
            e.kind = is_write(op) ? ErrorKind::OutcomeUnknown : ErrorKind::Transport;
            e.message = "network error (status 0)" + d;
            e.hint = is_write(op) ? unknown_outcome_hint(op)
                                  : "Network down, or the browser blocked the call (CORS: the API does not allow "
                                    "this origin). Use the same-origin proxy or the emulator.";
            return e;
    }
}

ApiError error_from_response(const Response& resp, const OperationInfo& op) {
    ApiError e;
    e.operation = op.name;
    e.http_status = resp.status;
    // Pinterest's {code, message}; tolerate anything else.
    if (auto j = json_parse(resp.body); j && j->is_object()) {
        auto c = j->find("code");
        if (c != j->end() && c->is_number_integer()) {
            int64_t v = c->get<int64_t>();
            if (v >= INT32_MIN && v <= INT32_MAX) e.pinterest_code = static_cast<int>(v);
        }
        auto m = j->find("message");
        if (m != j->end() && m->is_string()) e.message = m->get<std::string>();
    }
    if (e.message.empty()) e.message = "HTTP " + std::to_string(resp.status);
    const int code = e.pinterest_code.value_or(0);
    const int st = resp.status;
    std::string scopes = op.scopes && *op.scopes ? op.scopes : "";

    if (code == 3 || st == 403) {
        e.kind = ErrorKind::Permission;
        e.hint = scopes.empty() ? "Your token lacks the permission for this operation; sign in again with more scopes."
                                : "Your token lacks a scope this operation needs; sign in again with: " + scopes + ".";
        if (code == 29 || (code == 0 && st == 403 && e.message.find("Trial") != std::string::npos))
            e.hint = "Trial access cannot do this in production: use the sandbox (api-sandbox.pinterest.com) with a "
                     "sandbox token, or apply for Standard access.";
    } else if (code == 29) {
        e.kind = ErrorKind::Permission;
        e.hint = "Trial access cannot do this in production: use the sandbox (api-sandbox.pinterest.com) with a "
                 "sandbox token, or apply for Standard access.";
    } else if (st == 401) {
        e.kind = ErrorKind::Auth;
        e.hint = "The access token is missing, expired or revoked: refresh it, or sign in again.";
    } else if (st == 429 || code == 8) {
        e.kind = ErrorKind::RateLimited;
        std::string_view reset = resp.headers.get("X-RateLimit-Reset");
        double secs = reset.empty() ? -1 : std::atof(std::string(reset).c_str());
        if (secs >= 0 && std::isfinite(secs) && secs < 1e9) {
            e.retry_after_ms = secs * 1000.0;
            e.hint = "Rate limit reached" + std::string(*op.category ? " for " + std::string(op.category) : "") +
                     ": wait " + std::to_string(static_cast<long>(std::ceil(secs))) + " s until it resets.";
        } else {
            e.hint = "Rate limit reached: wait a little and try again.";
        }
    } else if (st == 404) {
        e.kind = ErrorKind::NotFound;
        e.hint = "It may have been deleted; reload the list.";
    } else if (st >= 500) {
        e.kind = is_write(op) ? ErrorKind::OutcomeUnknown : ErrorKind::Server;
        e.hint = is_write(op) ? unknown_outcome_hint(op) : "Pinterest had a problem on its side; try again shortly.";
    } else if (st == 409) {
        e.kind = ErrorKind::Http;
        e.hint = "Another change to the same object is in progress; try again in a moment.";
    } else {
        e.kind = ErrorKind::Http;
        e.hint = st == 400 ? "The server rejected the parameters; check the fields named in the message." : "";
    }
    return e;
}

}  // namespace pinlab
