// errors.cpp — mapping HTTP statuses, Pinterest error codes and transport failures to ApiError
// with hints a person can act on.
#include "core/errors.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/json.h"
#include "core/number.h"

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

// The list a create adds to, named after its operation ("boards/create" -> "boards", "board_sections/create"
// -> "board sections"), so the hint names what the user was doing.
static std::string created_list(const OperationInfo& op) {
    std::string_view n = op.name;
    std::string out(n.substr(0, n.find('/')));
    std::replace(out.begin(), out.end(), '_', ' ');
    return out.empty() ? "the list" : "your " + out;
}

static std::string unknown_outcome_hint(const OperationInfo& op) {
    if (op.creates)
        return "The request may or may not have been carried out. It was NOT retried, so nothing was created "
               "twice; reload " + created_list(op) + " to check before trying again.";
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
        double secs = leading_number(reset).value_or(-1);
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

// [SECTION] What the client concludes on its own ------------------------------------------------------

ApiError unreadable_write_error(ApiError e, int status, const OperationInfo& op) {
    e.kind = ErrorKind::OutcomeUnknown;
    e.message = "the server answered " + std::to_string(status) + " but the body was unreadable: " + e.message;
    e.hint = op.creates ? "It was most likely created; reload the list before trying again (the request was not "
                          "repeated)."
                        : "It was most likely applied; reload to check.";
    return e;
}

ApiError not_in_sandbox_error(ApiError e) {
    e.kind = ErrorKind::NotInSandbox;
    e.hint = "This operation is not available in the Pinterest sandbox (x-sandbox: disabled), so it answers 401 "
             "whatever the token. Your session is fine: use a production backend or token to try it.";
    return e;
}

ApiError not_signed_in_error() {
    return make_error(ErrorKind::Auth, "not signed in", "Sign in, or paste an access token in the settings.");
}

ApiError signed_out_error() { return make_error(ErrorKind::Auth, "signed out", "Sign in again."); }

ApiError cannot_refresh_error() {
    return make_error(ErrorKind::Auth, "cannot refresh: no valid refresh token or token endpoint", "Sign in again.");
}

ApiError code_exchange_error(ApiError e) {
    if (e.kind != ErrorKind::Cancelled) e.kind = ErrorKind::Auth;
    e.hint = "The code can be used only once; start the sign-in again.";
    return e;
}

ApiError revoke_refused_error(const Response& resp, const OperationInfo& op) {
    ApiError e = error_from_response(resp, op);
    e.hint = "Signed out locally; the server did not revoke the token (it will expire on its own).";
    return e;
}

ApiError upload_refused_error(int status, const std::string& code, const std::string& msg, const OperationInfo& op) {
    ApiError e = make_error(status >= 500 ? ErrorKind::Server : status == 403 ? ErrorKind::Permission : ErrorKind::Http,
                            "the upload was refused: " + (code.empty() ? "HTTP " + std::to_string(status) : code) +
                                (msg.empty() ? "" : " — " + msg),
                            status == 403 ? "Register the upload again (POST /media) and send the file with its new "
                                            "upload_parameters; each set is good for one upload."
                                          : "Check the file and send it again with a new registration.");
    e.http_status = status;
    e.operation = op.name;
    return e;
}

}  // namespace pinlab
