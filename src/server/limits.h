// limits.h — every resource limit of pinlab-server in one place, with the defaults it runs with.
// The HTTP front (http_front.h) enforces the transport ones before a request reaches cpp-httplib;
// the broker and the emulator enforce theirs. Each has a --flag (see flags.cpp / --help).
#pragma once

#include <cstddef>
#include <cstdint>

namespace pinlab::server {

struct Limits {
    // [SECTION] HTTP requests (http_front.cpp)
    size_t max_body_bytes = 16u << 20;    // any transfer encoding; 413 (pins with image_base64 need MBs)
    size_t max_header_line = 8192;        // request line (414) and each header line (431)
    size_t max_header_count = 100;        // 431
    size_t max_header_bytes = 32u << 10;  // request line + headers together; 431
    int max_ranges = 1;                   // more ranges than this: the whole resource (as nginx's max_ranges)
    size_t max_json_elements = 50000;     // values in a JSON body, counted before it is parsed; 413
    int max_json_depth = 64;              // nesting of a JSON body; 400
    int header_timeout_ms = 10000;        // from a request's first byte to its blank line; 408
    int body_timeout_ms = 30000;          // from the blank line to the body's last byte; 408
    int idle_timeout_ms = 5000;           // a keep-alive connection with no request starting
    int write_timeout_ms = 15000;         // a client that does not read its answer is closed
    int keep_alive_max_requests = 1000;   // then "Connection: close"

    // [SECTION] Connections and threads
    int max_connections = 512;            // open connections; past it 503 and close
    int max_connections_per_peer = 64;    // per client address; 0 = no limit (behind a proxy); 429
    int threads = 16;                     // workers that run handlers; reading and writing take none
    int max_queued_requests = 256;        // complete requests waiting for a worker; past it 503
    size_t max_queued_write_bytes = 128u << 20;  // answer bytes waiting for slow readers; past it, answers over 64 KiB: 503
    int max_concurrent_renders = 0;       // images drawn at once; 0 = half the cores (at least 1)
    int render_nice = 10;                 // images are drawn on threads at this nice value (0 = the worker draws)

    // [SECTION] Broker (broker.cpp)
    int proxy_max_concurrent = 8;         // upstream calls at once (proxy + token); past it 503
    int proxy_timeout_ms = 10000;         // connect / read / write timeout of each upstream call
    int sign_in_ttl_s = 600;              // a signed broker `state` expires after this
};

}  // namespace pinlab::server
