// wire.cpp — see wire.h.
#include "core/wire.h"

#include <cstring>

namespace pinlab {

WireWriter& WireWriter::u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    return *this;
}

WireWriter& WireWriter::i64(int64_t v) {
    uint64_t u = static_cast<uint64_t>(v);
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((u >> (8 * i)) & 0xff));
    return *this;
}

WireWriter& WireWriter::bytes(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    out_.append(s);
    return *this;
}

bool WireReader::take(size_t n, const char*& p) {
    if (!ok_ || in_.size() - pos_ < n) {
        ok_ = false;
        return false;
    }
    p = in_.data() + pos_;
    pos_ += n;
    return true;
}

bool WireReader::u32(uint32_t& v) {
    const char* p = nullptr;
    if (!take(4, p)) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<uint8_t>(p[i])) << (8 * i);
    return true;
}

bool WireReader::i64(int64_t& v) {
    const char* p = nullptr;
    if (!take(8, p)) return false;
    uint64_t u = 0;
    for (int i = 0; i < 8; ++i) u |= static_cast<uint64_t>(static_cast<uint8_t>(p[i])) << (8 * i);
    v = static_cast<int64_t>(u);
    return true;
}

bool WireReader::bytes(std::string& s) {
    uint32_t n = 0;
    const char* p = nullptr;
    if (!u32(n) || !take(n, p)) return false;
    s.assign(p, n);
    return true;
}

namespace {

void write_headers(WireWriter& w, const Headers& h) {
    w.u32(static_cast<uint32_t>(h.items.size()));
    for (const auto& [k, v] : h.items) w.bytes(k).bytes(v);
}

bool read_headers(WireReader& r, Headers& h) {
    uint32_t n = 0;
    if (!r.u32(n)) return false;
    for (uint32_t i = 0; i < n; ++i) {
        std::string k, v;
        if (!r.bytes(k) || !r.bytes(v)) return false;  // a huge count fails here, at the end of the input
        h.add(std::move(k), std::move(v));
    }
    return true;
}

}  // namespace

std::string encode_request(const Request& r) {
    WireWriter w;
    w.bytes(r.method).bytes(r.url);
    write_headers(w, r.headers);
    w.bytes(r.body).u32(static_cast<uint32_t>(r.timeout_ms < 0 ? 0 : r.timeout_ms));
    return std::move(w.out());
}

std::optional<Request> decode_request(std::string_view in) {
    WireReader rd(in);
    Request r;
    uint32_t timeout = 0;
    if (!rd.bytes(r.method) || !rd.bytes(r.url) || !read_headers(rd, r.headers) || !rd.bytes(r.body) ||
        !rd.u32(timeout) || !rd.at_end() || timeout > 0x7fffffffu)
        return std::nullopt;
    r.timeout_ms = static_cast<int>(timeout);
    return r;
}

std::string encode_response(const Response& r) {
    WireWriter w;
    w.u32(static_cast<uint32_t>(r.status));
    write_headers(w, r.headers);
    w.bytes(r.body);
    return std::move(w.out());
}

std::optional<Response> decode_response(std::string_view in) {
    WireReader rd(in);
    Response r;
    uint32_t status = 0;
    if (!rd.u32(status) || status > 999 || !read_headers(rd, r.headers) || !rd.bytes(r.body) || !rd.at_end())
        return std::nullopt;
    r.status = static_cast<int>(status);
    return r;
}

}  // namespace pinlab
