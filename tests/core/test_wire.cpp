// test_wire.cpp — Request/Response bytes for the Demo worker channel: round trips with binary bodies,
// duplicate headers and empty fields, and hostile input (truncation at every length, absurd counts and
// lengths, trailing bytes) rejected without reading past the end.
#include <gtest/gtest.h>

#include "core/wire.h"

using namespace pinlab;

namespace {

Request sample_request() {
    Request r;
    r.method = "PATCH";
    r.url = "/v5/pins/123?ad_account_id=9";
    r.headers.add("Authorization", "Bearer pina_x");
    r.headers.add("X-Dup", "1");
    r.headers.add("X-Dup", "2");
    r.body = std::string("{\"title\":\"\xc3\xa9\"}\0tail", 20);
    r.timeout_ms = 1234;
    return r;
}

}  // namespace

TEST(Wire, RequestRoundTripKeepsEveryField) {
    Request r = sample_request();
    auto back = decode_request(encode_request(r));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->method, "PATCH");
    EXPECT_EQ(back->url, r.url);
    EXPECT_EQ(back->headers.items, r.headers.items);
    EXPECT_EQ(back->body, r.body);
    EXPECT_EQ(back->body.size(), 20u);
    EXPECT_EQ(back->timeout_ms, 1234);
}

TEST(Wire, ResponseRoundTripWithBinaryBody) {
    Response r;
    r.status = 429;
    r.headers.add("Content-Type", "image/png");
    r.headers.add("X-RateLimit-Remaining", "0");
    for (int i = 0; i < 256; ++i) r.body.push_back(static_cast<char>(i));
    auto back = decode_response(encode_response(r));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->status, 429);
    EXPECT_EQ(back->headers.items, r.headers.items);
    EXPECT_EQ(back->body, r.body);

    Response empty;
    auto e = decode_response(encode_response(empty));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->status, 0);
    EXPECT_TRUE(e->headers.items.empty());
    EXPECT_TRUE(e->body.empty());
}

TEST(Wire, EveryTruncationAndTrailingByteIsRejected) {
    const std::string req = encode_request(sample_request());
    for (size_t n = 0; n < req.size(); ++n) EXPECT_FALSE(decode_request(std::string_view(req).substr(0, n))) << n;
    EXPECT_FALSE(decode_request(req + "x"));
    Response r;
    r.status = 200;
    r.headers.add("A", "b");
    r.body = "body";
    const std::string resp = encode_response(r);
    for (size_t n = 0; n < resp.size(); ++n) EXPECT_FALSE(decode_response(std::string_view(resp).substr(0, n))) << n;
    EXPECT_FALSE(decode_response(resp + std::string(1, '\0')));
}

TEST(Wire, AbsurdCountsAndLengthsFailInsteadOfAllocating) {
    WireWriter w;
    w.u32(200).u32(0xffffffffu);  // status, then four billion headers
    EXPECT_FALSE(decode_response(w.out()));
    WireWriter l;
    l.u32(200).u32(1).u32(0xfffffff0u);  // one header whose name claims ~4 GB
    EXPECT_FALSE(decode_response(l.out()));
    WireWriter s;
    s.u32(1000).u32(0).bytes("");  // not an HTTP status
    EXPECT_FALSE(decode_response(s.out()));
    WireWriter t;
    t.bytes("GET").bytes("/").u32(0).bytes("").u32(0x80000000u);  // timeout beyond int
    EXPECT_FALSE(decode_request(t.out()));
}

TEST(Wire, ReaderStaysFailedAfterRunningOut) {
    WireWriter w;
    w.u32(7).i64(-5).bytes("abc");
    WireReader r(w.out());
    uint32_t u = 0;
    int64_t i = 0;
    std::string s;
    ASSERT_TRUE(r.u32(u));
    ASSERT_TRUE(r.i64(i));
    ASSERT_TRUE(r.bytes(s));
    EXPECT_EQ(u, 7u);
    EXPECT_EQ(i, -5);
    EXPECT_EQ(s, "abc");
    EXPECT_TRUE(r.at_end());
    EXPECT_FALSE(r.u32(u));
    EXPECT_FALSE(r.ok());
    EXPECT_FALSE(r.at_end());
}
