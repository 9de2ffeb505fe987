// fuzz_http_front.cpp — libFuzzer target: pinlab-server's own request-head parser and chunked
// decoder (server/http_front.h), which see every byte a client sends before cpp-httplib does.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/http_front.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    pinlab::server::Limits limits;
    limits.max_body_bytes = 4096;
    auto head = pinlab::server::parse_request_head(in, limits);
    if (head.status == 0) {
        // What is forwarded never carries framing the front did not check: no Transfer-Encoding
        // or Content-Length field (a field *value* may mention them; regressions/ has one that does).
        std::string lower = head.normalized;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower.find("\r\ntransfer-encoding:") != std::string::npos) __builtin_trap();
        if (lower.find("\r\ncontent-length:") != std::string::npos) __builtin_trap();
        if (!head.chunked && head.content_length > limits.max_body_bytes) __builtin_trap();
    }
    pinlab::server::ChunkedDecoder d;
    std::string body;
    size_t pos = 0;
    auto r = d.feed(in, pos, body, limits.max_body_bytes);
    if (body.size() > limits.max_body_bytes || pos > in.size()) __builtin_trap();
    (void)r;
    return 0;
}
