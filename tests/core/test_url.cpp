// test_url.cpp — core/url.h directly: percent-encoding (RFC 3986 unreserved set, every byte), strict and
// tolerant decoding, query strings and form bodies (order, duplicates, empty keys, '+'), URL parsing of
// absolute and origin-relative URLs against hostile input (controls, userinfo, bad ports, scheme-relative),
// origins, with_query and form_post.
#include <gtest/gtest.h>

#include "core/url.h"

using namespace pinlab;
using namespace std::string_literals;

TEST(Url, PercentEncodeKeepsOnlyUnreserved) {
    EXPECT_EQ(percent_encode("AZaz09-._~"), "AZaz09-._~");
    EXPECT_EQ(percent_encode("a b&c=d/e?f#g+h%"), "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25");
    EXPECT_EQ(percent_encode("é"), "%C3%A9");  // UTF-8 bytes, upper-case hex
    EXPECT_EQ(percent_encode("\0\xff"s), "%00%FF");
    EXPECT_EQ(percent_encode(""), "");
    // Every byte survives a round trip.
    std::string all;
    for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
    EXPECT_EQ(percent_decode(percent_encode(all)).value_or(""), all);
}

TEST(Url, StrictDecodeRefusesBrokenEscapes) {
    EXPECT_EQ(percent_decode("a%20b").value_or(""), "a b");
    EXPECT_EQ(percent_decode("%c3%A9").value_or(""), "é");  // either case of hex
    EXPECT_EQ(percent_decode("a+b").value_or(""), "a+b");   // '+' is literal unless asked
    EXPECT_EQ(percent_decode("a+b", true).value_or(""), "a b");
    EXPECT_EQ(percent_decode("%00").value_or("x"), "\0"s);
    for (const char* bad : {"%", "%2", "a%", "%zz", "%2g", "%%41", "ok%4"}) EXPECT_FALSE(percent_decode(bad)) << bad;
    EXPECT_EQ(percent_decode("%2541").value_or(""), "%41");  // decoded once, never twice
}

TEST(Url, QueriesKeepOrderDuplicatesAndToleratesJunk) {
    Params q = parse_query("b=2&a=1&b=3");
    ASSERT_EQ(q.size(), 3u);
    EXPECT_EQ(q[0], (std::pair<std::string, std::string>{"b", "2"}));
    EXPECT_EQ(q[2].second, "3");
    EXPECT_EQ(param(q, "b").value_or(""), "2");  // the first one
    EXPECT_FALSE(param(q, "c"));
    EXPECT_FALSE(param(q, "B"));  // keys are case-sensitive

    q = parse_query("&&flag&=v&k=&x=a=b&");
    ASSERT_EQ(q.size(), 4u);  // empty pieces are skipped
    EXPECT_EQ(q[0], (std::pair<std::string, std::string>{"flag", ""}));
    EXPECT_EQ(q[1], (std::pair<std::string, std::string>{"", "v"}));
    EXPECT_EQ(q[2], (std::pair<std::string, std::string>{"k", ""}));
    EXPECT_EQ(q[3], (std::pair<std::string, std::string>{"x", "a=b"}));  // only the first '=' splits

    q = parse_query("bad=%zz&pct=100%&sp=a+b%20c&k%65y=1");
    EXPECT_EQ(param(q, "bad").value_or(""), "%zz");  // malformed escapes kept literally
    EXPECT_EQ(param(q, "pct").value_or(""), "100%");
    EXPECT_EQ(param(q, "sp").value_or(""), "a b c");
    EXPECT_EQ(param(q, "key").value_or(""), "1");  // keys are decoded too
    EXPECT_TRUE(parse_query("").empty());
}

TEST(Url, QueryAndFormEncodingRoundTrip) {
    const Params p = {{"a b", "c&d"}, {"e=f", "g+h"}, {"", ""}, {"ü", "日本"}};
    EXPECT_EQ(build_query(p), "a%20b=c%26d&e%3Df=g%2Bh&=&%C3%BC=%E6%97%A5%E6%9C%AC");
    EXPECT_EQ(form_encode({{"q", "a b"}}), "q=a+b");  // forms: space as '+'
    EXPECT_EQ(build_query({{"q", "a b"}}), "q=a%20b");
    EXPECT_EQ(parse_query(build_query(p)), p);
    EXPECT_EQ(form_decode(form_encode(p)), p);
    EXPECT_EQ(build_query({}), "");
}

TEST(Url, ParsesAbsoluteUrls) {
    auto u = parse_url("HTTPS://API.Pinterest.com:8443/v5/pins/%7Bid%7D?a=1&b=2#frag?x");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->scheme, "https");  // scheme and host lower-cased
    EXPECT_EQ(u->host, "api.pinterest.com");
    EXPECT_EQ(u->port, 8443);
    EXPECT_EQ(u->path, "/v5/pins/%7Bid%7D");  // path stays encoded
    EXPECT_EQ(u->query, "a=1&b=2");
    EXPECT_EQ(u->fragment, "frag?x");
    EXPECT_EQ(u->origin(), "https://api.pinterest.com:8443");

    u = parse_url("http://localhost");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->path, "/");  // an empty path is "/"
    EXPECT_EQ(u->port, 0);
    EXPECT_EQ(u->origin(), "http://localhost");

    u = parse_url("http://h?q=1");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->path, "/");
    EXPECT_EQ(u->query, "q=1");

    u = parse_url("http://[::1]/x");  // the colons inside brackets are not a port
    ASSERT_TRUE(u);
    EXPECT_EQ(u->host, "[::1]");
    EXPECT_EQ(u->port, 0);
}

TEST(Url, ParsesOriginRelativeUrls) {
    auto u = parse_url("/v5/boards?page_size=25#top");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->scheme, "");
    EXPECT_EQ(u->host, "");
    EXPECT_EQ(u->path, "/v5/boards");
    EXPECT_EQ(u->query, "page_size=25");
    EXPECT_EQ(u->fragment, "top");
    EXPECT_EQ(u->origin(), "");
    u = parse_url("/");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->path, "/");
}

TEST(Url, RefusesHostileUrls) {
    for (const char* bad : {
             "",                                 // nothing
             "//evil.example/x",                 // scheme-relative: whose scheme?
             "https://user:pw@host/",            // userinfo (phishing-shaped)
             "https://host@evil.example/",       //
             "https://a b/",                     // space
             "https://host/\x01",                // control character
             "https://host/\x7f",                //
             "https://host/a\tb",                //
             "https://host/\r\nSet-Cookie: x",   // header injection shape
             "https://:443/",                    // empty host
             "https:///path",                    //
             "https://host:/",                   // empty port
             "https://host:0/",                  // port out of range
             "https://host:65536/",              //
             "https://host:123456/",             //
             "https://host:8o/",                 // not a number
             "https://host:-1/",                 //
             "://host/",                         // empty scheme
             "ht tp://host/",                    // bad scheme characters
             "ht_tp://host/",                    //
             "javascript:alert(1)",              // no authority
             "relative/path",                    // neither absolute nor origin-relative
             "?q=1",                             //
         })
        EXPECT_FALSE(parse_url(bad)) << bad;
    EXPECT_FALSE(parse_url("https://host/\0x"s));
    EXPECT_TRUE(parse_url("https://host:65535/"));
    EXPECT_TRUE(parse_url("web+pinlab://host/"));  // scheme may have + - .
}

TEST(Url, WithQueryAndFormPost) {
    EXPECT_EQ(with_query("/v5/pins", {}), "/v5/pins");
    EXPECT_EQ(with_query("/v5/pins", {{"a", "1 2"}}), "/v5/pins?a=1%202");
    EXPECT_EQ(with_query("/v5/pins?x=1", {{"a", "&"}}), "/v5/pins?x=1&a=%26");
    Request r = form_post("https://emu.test/v5/oauth/token", {{"grant_type", "authorization_code"}, {"code", "a b"}});
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.url, "https://emu.test/v5/oauth/token");
    EXPECT_EQ(r.headers.get("content-type"), "application/x-www-form-urlencoded");
    EXPECT_EQ(r.headers.get("Accept"), "application/json");
    EXPECT_EQ(r.body, "grant_type=authorization_code&code=a+b");
}

// The page's own address: the default redirect URI, and the base that config.json's relative URLs hang off.
TEST(Url, PageBaseAndRelativeUrls) {
    EXPECT_EQ(resolve_url("http://h:8080/app/index.html?x#y", "v5"), "http://h:8080/app/v5");
    EXPECT_EQ(resolve_url("http://h:8080/app/", "/v5"), "http://h:8080/v5");
    EXPECT_EQ(resolve_url("http://h:8080/app/", "https://api.pinterest.com/v5"), "https://api.pinterest.com/v5");
    EXPECT_EQ(resolve_url("http://h:8080", "v5"), "http://h:8080/v5");
    EXPECT_EQ(resolve_url("not a url", "v5"), "v5");
    EXPECT_EQ(page_base_url("http://h/p?code=1#/x"), "http://h/p");
    EXPECT_EQ(page_base_url("http://h/p#/boards?x=1"), "http://h/p");
    EXPECT_EQ(page_base_url("http://h/p"), "http://h/p");
}
