// http.h — HTTP as plain value types (Request, Response, a typed transport error) and the
// Transport interface every backend implements: the browser's fetch, the in-process emulator,
// and test fakes. No platform code here.
//
// Why a polled interface: the UI is immediate-mode, so results must never arrive as callbacks
// in the middle of a frame. A transport queues completions; the client drains them once per
// frame in its pump (see sokol_fetch.h for the same idea).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text.h"  // iequals: header names compare case-insensitively

namespace pinlab {

// Header names compare case-insensitively (RFC 9110 §5.1); order and duplicates are kept.
struct Headers {
    std::vector<std::pair<std::string, std::string>> items;

    // First value for `name`, or empty view when absent.
    std::string_view get(std::string_view name) const;
    bool has(std::string_view name) const;
    // Replace every header called `name` with one value.
    void set(std::string name, std::string value);
    void add(std::string name, std::string value) { items.emplace_back(std::move(name), std::move(value)); }
    void remove(std::string_view name);
};

struct Request {
    std::string method = "GET";  // GET, POST, PATCH, PUT, DELETE, OPTIONS
    std::string url;             // absolute ("https://host/v5/pins?x=1") or origin-relative ("/v5/pins")
    Headers headers;
    std::string body;
    int timeout_ms = 30000;      // 0 = no timeout
};

struct Response {
    int status = 0;
    Headers headers;
    std::string body;
};

// Why a request produced no HTTP response. `None` means `response` is valid (any status).
enum class TransportError : uint8_t {
    None,
    Network,    // connection refused/dropped, DNS, CORS (fetch reports status 0 for all of these)
    Timeout,    // no complete response within Request::timeout_ms
    Cancelled,  // cancelled by the caller
    Refused,    // never sent: invalid URL, blocked by policy, transport shut down
};

const char* to_string(TransportError e);

using RequestId = uint64_t;  // 0 is never a valid id

struct Completion {
    RequestId id = 0;
    TransportError error = TransportError::None;
    std::string error_detail;  // human-readable, may be empty
    Response response;         // valid when error == None
    double elapsed_ms = 0;
};

// A transport starts requests and reports completions when polled. Implementations must be
// safe to call from the frame loop: send() never blocks.
class Transport {
public:
    virtual ~Transport() = default;
    // Starts (or queues) a request and returns its id.
    virtual RequestId send(Request req) = 0;
    // Best effort: a cancelled request completes with TransportError::Cancelled.
    virtual void cancel(RequestId id) = 0;
    // Appends every completion that is ready to `out`; never blocks.
    virtual void poll(std::vector<Completion>& out) = 0;
    // Milliseconds on the transport's clock (monotonic). Tests and the emulator use a fake clock.
    virtual double now_ms() const = 0;
};

}  // namespace pinlab
