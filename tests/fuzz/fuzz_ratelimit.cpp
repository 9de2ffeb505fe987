// fuzz_ratelimit.cpp — libFuzzer target: rate-limit and error headers of a response
// (X-RateLimit-*, Retry-After, Pinterest's error body) as the client classifies them.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/errors.h"
#include "core/http.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string in(reinterpret_cast<const char*>(data), size);
    // Split the input into header values and a body: "limit\nremaining\nreset\nretry\nbody".
    std::string parts[5];
    size_t k = 0;
    for (char c : in) {
        if (c == '\n' && k < 4) ++k;
        else parts[k] += c;
    }
    pinlab::Response r;
    r.status = size > 0 ? 400 + data[0] % 200 : 429;
    r.headers.set("X-RateLimit-Limit", parts[0]);
    r.headers.set("X-RateLimit-Remaining", parts[1]);
    r.headers.set("X-RateLimit-Reset", parts[2]);
    r.headers.set("Retry-After", parts[3]);
    r.headers.set("Content-Type", "application/json");
    r.body = parts[4];
    pinlab::OperationInfo op;
    op.category = "org_read";
    auto e = pinlab::error_from_response(r, op);
    if (e.retry_after_ms < 0 || e.retry_after_ms != e.retry_after_ms) __builtin_trap();  // negative or NaN
    return 0;
}
