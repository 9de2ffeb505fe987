// http_parse.h — how the HTTP front reads a request: the head (request line and fields, checked
// against the limits and normalised for httplib) and a chunked body, incrementally. Pure functions
// of their input, so the fuzzer and the tests call them directly.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "server/limits.h"

namespace pinlab::server {

// Paths whose refusals carry Pinterest's JSON error body; the rest (the page's files) get text.
bool is_api_target(std::string_view target);

// [SECTION] Request head

struct ParsedHead {
    int status = 0;             // 0 = ok; else the refusal (400, 414, 431, 413, 501)
    std::string reason;         // why, for the log
    std::string method, target, version;
    std::string normalized;     // request line + kept headers + CRLF (without the body framing)
    bool chunked = false;
    size_t content_length = 0;
    bool expect_continue = false;
    bool api = true;            // refusals get Pinterest's JSON error body
    std::string forwarded_for;  // the last X-Forwarded-For field's value (trusted from a trusted proxy only)
};

// The client a proxy names: the last address of an X-Forwarded-For value (the one the proxy itself
// appended), if it is an IP literal; else "".
std::string last_forwarded_address(std::string_view forwarded_for);

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
