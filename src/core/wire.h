// wire.h — Request and Response as compact bytes, for passing HTTP between the page and the Demo
// emulator's Web Worker (postMessage carries bytes, not C++ objects). Length-prefixed fields, so
// bodies may hold any bytes; decoding untrusted input returns nullopt instead of reading past the end.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/http.h"

namespace pinlab {

// Appends little-endian integers and length-prefixed byte strings.
class WireWriter {
public:
    WireWriter& u32(uint32_t v);
    WireWriter& i64(int64_t v);
    WireWriter& bytes(std::string_view s);  // u32 length, then the bytes
    std::string& out() { return out_; }

private:
    std::string out_;
};

// Reads what WireWriter wrote; every read fails (and stays failed) once the input runs out.
class WireReader {
public:
    explicit WireReader(std::string_view in) : in_(in) {}
    bool u32(uint32_t& v);
    bool i64(int64_t& v);
    bool bytes(std::string& s);
    bool ok() const { return ok_; }
    bool at_end() const { return ok_ && pos_ == in_.size(); }
    size_t remaining() const { return ok_ ? in_.size() - pos_ : 0; }  // to bound counts read from the input

private:
    bool take(size_t n, const char*& p);
    std::string_view in_;
    size_t pos_ = 0;
    bool ok_ = true;
};

std::string encode_request(const Request& r);
std::optional<Request> decode_request(std::string_view in);
std::string encode_response(const Response& r);
std::optional<Response> decode_response(std::string_view in);

}  // namespace pinlab
