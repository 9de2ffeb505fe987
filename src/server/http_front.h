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
#include <vector>

#include "server/http_parse.h"
#include "server/limits.h"

namespace pinlab::server {

// httplib::Server with its per-request entry point public: the front feeds it one request at a time.
class RequestProcessor : public httplib::Server {
public:
    // httplib writes a content provider's bytes only while it believes it is listening (its socket is
    // valid); this one never listens, so it is marked as listening on no socket it would ever use.
    RequestProcessor() { svr_sock_ = kNotListening; }
    using httplib::Server::process_request;

private:
    static constexpr socket_t kNotListening = 0x7fffffff;
};

// What a handler can ask of the connection it is running on (thread-local to the worker).
struct ConnectionEffects {
    bool drop = false;      // close without sending the answer
    int64_t delay_ms = 0;   // send the answer this much later (no thread waits)
    // Immutable bytes the handler's content provider writes from: what httplib writes from inside them
    // is sent from there (the connection holds a reference), not copied into the answer.
    std::shared_ptr<const std::string> shared_body;
};
ConnectionEffects& current_connection_effects();

// httplib reads a multipart/form-data body into Request::files, keyed by name (the order of the fields is lost),
// and leaves the body empty; the emulator's S3 stand-in reads such a form itself. hide_form_type, called before
// the body is read (the pre-routing handler), takes such a Content-Type away from httplib, so the body stays as
// it was sent; restore_form_type, called first thing in the handler, puts it back.
void hide_form_type(const httplib::Request& req);
void restore_form_type(const httplib::Request& req);

class HttpFront {
public:
    using Log = std::function<void(const std::string&)>;
    // `trusted_proxies`: peers whose X-Forwarded-For names the client (see ServerConfig).
    HttpFront(RequestProcessor& processor, const Limits& limits, Log log,
              std::vector<std::string> trusted_proxies = {});
    ~HttpFront();
    HttpFront(const HttpFront&) = delete;
    HttpFront& operator=(const HttpFront&) = delete;

    // Binds host:port (0 = any free port). On failure returns false and bind_error() says why.
    bool bind(const std::string& host, int port);
    const std::string& bind_error() const { return bind_error_; }
    int port() const { return port_; }
    void start();  // event loop + workers on their own threads

    // Answer bytes waiting for their readers, all connections (bounded by Limits::max_queued_write_bytes),
    // shared bytes counted once however many connections send them; a handler about to produce a large
    // answer asks first, so it can refuse without building it.
    size_t queued_write_bytes() const;
    // Bytes the connections' buffers hold (capacity, not length), counted by the loop every 50 ms.
    size_t buffered_bytes() const;
    // Answers larger than this wait for room under the cap (smaller ones always go out).
    static constexpr size_t kLargeAnswer = 64 * 1024;
    void stop();   // safe to call twice

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
    int port_ = 0;
    std::string bind_error_;
};

}  // namespace pinlab::server
