// test_request_log.cpp — the request log (the UI's API console): redaction of secrets in bodies, URLs and
// headers, bodies cut with no secret showing at the cut, the ring buffer, and curl rendering.
#include <gtest/gtest.h>

#include "core/json.h"
#include "core/request_log.h"

using namespace pinlab;

TEST(RequestLog, RedactsSecretsEverywhere) {
    std::string form = "grant_type=authorization_code&code=SECRETCODE&code_verifier=VVVV&client_id=pinlab";
    std::string r = redact_text(form);
    EXPECT_EQ(r.find("SECRETCODE"), std::string::npos);
    EXPECT_EQ(r.find("VVVV"), std::string::npos);
    EXPECT_NE(r.find("client_id=pinlab"), std::string::npos);
    EXPECT_NE(r.find("grant_type=authorization_code"), std::string::npos);
    std::string js = R"({"access_token": "pina_AAAAAAAAAAAAAAAAAAAA", "refresh_token":"xyz", "code": 3, "client_secret":"s3"})";
    r = redact_text(js);
    EXPECT_EQ(r.find("pina_AAAA"), std::string::npos);
    EXPECT_EQ(r.find("xyz"), std::string::npos);
    EXPECT_EQ(r.find("s3\""), std::string::npos);
    EXPECT_NE(r.find("\"code\": 3"), std::string::npos);  // Pinterest's error code is not a secret
    EXPECT_TRUE(json_parse(r).has_value());                // still valid JSON
    r = redact_text("note: token pinrBBBBBBBBBBBBBBBBBBBB leaked, pinata is fine");
    EXPECT_EQ(r.find("BBBB"), std::string::npos);
    EXPECT_NE(r.find("pinata"), std::string::npos);
    EXPECT_EQ(redact_url("https://a/cb?code=abc&state=xyz&x=1"), "https://a/cb?code=[REDACTED]&state=[REDACTED]&x=1");
    Headers h;
    h.set("Authorization", "Bearer pina_123456789012345678");
    h.set("Accept", "application/json");
    Headers rh = redact_headers(h);
    EXPECT_EQ(rh.get("Authorization"), "Bearer [REDACTED]");
    EXPECT_EQ(rh.get("Accept"), "application/json");
}

TEST(RequestLog, LongBodiesAreCutWithNoSecretShowingAtTheCut) {
    RequestLog log(10, 40);
    Completion c;
    c.response.status = 200;
    // The token's value starts before the 40-byte cut and runs far past it.
    c.response.body = std::string(R"({"pad":"xxxxxxxx","access_token":")") + std::string(5000, 'S') + R"("})";
    Request req;
    uint64_t id = log.begin("x", req, 0, 1);
    log.finish(id, c, 1, "");
    const std::string& shown = log.find(id)->response_body;
    EXPECT_EQ(shown.find('S'), std::string::npos) << shown;
    EXPECT_NE(shown.find("[REDAC"), std::string::npos) << shown;
    EXPECT_NE(shown.find("more bytes]"), std::string::npos);
    // A cut inside a multi-byte character backs off to its start.
    c.response.body = std::string(39, 'a') + "\xc3\xa9" + std::string(100, 'b');
    uint64_t id2 = log.begin("x", req, 0, 1);
    log.finish(id2, c, 1, "");
    EXPECT_EQ(log.find(id2)->response_body.substr(0, 40), std::string(39, 'a') + "\xe2");  // "…" follows
}

TEST(RequestLog, RingBufferCapsAndCurl) {
    RequestLog log(3, 10);
    Request req;
    req.method = "POST";
    req.url = "https://api/v5/pins";
    req.headers.set("Authorization", "Bearer pina_secret_secret_secret");
    req.body = R"({"title":"it's a long body"})";
    uint64_t first = log.begin("pins/create", req, 0, 1);
    for (int i = 0; i < 4; ++i) log.begin("x", req, 0, 1);
    EXPECT_EQ(log.entries().size(), 3u);
    EXPECT_EQ(log.find(first), nullptr);  // evicted
    const LogEntry& e = log.entries().back();
    EXPECT_EQ(e.request_bytes, req.body.size());
    EXPECT_NE(e.request_body.find("more bytes"), std::string::npos);
    Completion c;
    c.response.status = 201;
    c.response.body = "{}";
    c.response.headers.set("X-RateLimit-Remaining", "7");
    log.finish(e.id, c, 25, "org_write");
    EXPECT_EQ(log.find(e.id)->status, 201);
    EXPECT_EQ(log.find(e.id)->ratelimit_remaining, "7");
    EXPECT_EQ(log.find(e.id)->ratelimit_category, "org_write");
    EXPECT_DOUBLE_EQ(log.find(e.id)->duration_ms, 25);
    LogEntry q;
    q.method = "POST";
    q.url = "https://api/v5/pins";
    q.request_headers.set("Authorization", "Bearer [REDACTED]");
    q.request_body = R"({"title":"it's"})";
    EXPECT_EQ(to_curl(q), "curl -X 'POST' 'https://api/v5/pins' -H 'Authorization: Bearer [REDACTED]' --data-raw "
                          "'{\"title\":\"it'\\''s\"}'");
    EXPECT_EQ(shell_quote("a'b"), "'a'\\''b'");
}

TEST(RequestLog, SecretKeysAreTheCredentials) {
    for (const char* k : {"access_token", "refresh_token", "code_verifier", "client_secret", "code", "token",
                          "id_token", "password", "secret"})
        EXPECT_TRUE(is_secret_key(k)) << k;
    for (const char* k : {"state", "client_id", "redirect_uri", "scope", "grant_type", "codes", "pin_code", ""})
        EXPECT_FALSE(is_secret_key(k)) << k;
    // The console hides state as well, in queries, forms and JSON.
    EXPECT_EQ(redact_text("state=abc&client_id=x"), "state=[REDACTED]&client_id=x");
    EXPECT_EQ(redact_text(R"({"state":"abc"})"), R"({"state":"[REDACTED]"})");
}

TEST(Curl, DemoRequestsAreGivenPinterestsHostAndStayRedacted) {
    LogEntry e;
    e.method = "GET";
    e.url = "/v5/boards?page_size=50";
    e.request_headers.set("Authorization", "Bearer [REDACTED]");
    EXPECT_EQ(to_curl(e, "https://api.pinterest.com"),
              "curl 'https://api.pinterest.com/v5/boards?page_size=50' -H 'Authorization: Bearer [REDACTED]'");
    EXPECT_EQ(to_curl(e), "curl '/v5/boards?page_size=50' -H 'Authorization: Bearer [REDACTED]'");
    EXPECT_EQ(absolute_for_curl("/oauth/?client_id=x", "https://api.pinterest.com"),
              "https://www.pinterest.com/oauth/?client_id=x");
    EXPECT_EQ(absolute_for_curl("http://127.0.0.1:8080/v5/pins", "https://api.pinterest.com"),
              "http://127.0.0.1:8080/v5/pins");
}
