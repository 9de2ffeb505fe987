// fuzz_wire.cpp — libFuzzer target: the wire format between the page and the Demo worker
// (core/wire.h): decoding any bytes, and re-encoding what decodes must decode to the same thing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/wire.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    if (auto req = pinlab::decode_request(in)) {
        auto again = pinlab::decode_request(pinlab::encode_request(*req));
        if (!again || again->url != req->url || again->body != req->body || again->method != req->method)
            __builtin_trap();
    }
    if (auto resp = pinlab::decode_response(in)) {
        auto again = pinlab::decode_response(pinlab::encode_response(*resp));
        if (!again || again->status != resp->status || again->body != resp->body) __builtin_trap();
    }
    return 0;
}
