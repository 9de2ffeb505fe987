// http_front.h — pinlab-server's own connection layer in front of cpp-httplib. Debian's httplib
// (0.11.4) reads requests on its worker threads with few limits: a slow client holds a thread, a
// chunked body or a header line is read whole, idle keep-alive connections pin threads. Here one
// event-loop thread accepts, reads and bounds every request (header line, count and total size,
// body size in any transfer encoding, deadlines, connections per peer), and answers refusals
// itself (408, 413, 414, 431, 429, 503). Only a complete, normalised request (chunked decoded to
// Content-Length, Expect dropped, too many ranges dropped) goes to a worker, which runs httplib's
// routing on it from memory; the answer is written back by the event loop, so slow readers and
// emulated latency hold no thread either.
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "server/limits.h"

namespace pinlab::server {

// httplib::Server with its per-request entry point public: the front feeds it one request at a time.
class RequestProcessor : public httplib::Server {
public:
    using httplib::Server::process_request;
};

// What a handler can ask of the connection it is running on (thread-local to the worker).
struct ConnectionEffects {
    bool drop = false;      // close without sending the answer
    int64_t delay_ms = 0;   // send the answer this much later (no thread waits)
};
ConnectionEffects& current_connection_effects();

class HttpFront {
public:
    using Log = std::function<void(const std::string&)>;
    HttpFront(RequestProcessor& processor, const Limits& limits, Log log);
    ~HttpFront();
    HttpFront(const HttpFront&) = delete;
    HttpFront& operator=(const HttpFront&) = delete;

    // Binds host:port (0 = any free port). On failure returns false and bind_error() says why.
    bool bind(const std::string& host, int port);
    const std::string& bind_error() const { return bind_error_; }
    int port() const { return port_; }
    void start();  // event loop + workers on their own threads
    void stop();   // safe to call twice

    // Counters for tests and the soak test.
    size_t open_connections() const { return open_.load(); }

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
    int port_ = 0;
    std::string bind_error_;
    std::atomic<size_t> open_{0};
};

// [SECTION] Request-head parsing (exposed for tests and the fuzzer) -----------------------------------

struct ParsedHead {
    int status = 0;             // 0 = ok; else the refusal (400, 414, 431, 413, 501)
    std::string reason;         // why, for the log
    std::string method, target, version;
    std::string normalized;     // request line + kept headers + CRLF (without the body framing)
    bool chunked = false;
    size_t content_length = 0;
    bool expect_continue = false;
    bool api = true;            // refusals get Pinterest's JSON error body
};

// `head` is everything up to and including the blank line.
ParsedHead parse_request_head(std::string_view head, const Limits& limits);

// Incremental chunked-body decoder with a size limit.
struct ChunkedDecoder {
    enum Result { NeedMore, Done, TooLarge, Bad };
    // Consumes from data[pos...]; appends to body. `pos` advances past what was decoded.
    Result feed(std::string_view data, size_t& pos, std::string& body, size_t max_body);

private:
    enum Stage { Size, Data, DataEnd, Trailer } stage_ = Size;
    size_t left_ = 0;
    size_t trailer_bytes_ = 0;
};

}  // namespace pinlab::server
