// test_security.cpp — the emulator under hostile clients (issue 13): PKCE downgrade, refresh-token
// reuse and code replay revoking their token family, revocation of a refresh token ending its
// access tokens, secrets independent of the seed, the bounded code table, the token endpoint's
// limits per client and peer, carousel item validation, storage quotas and deferred image renders.
#include "emu_test_util.h"

namespace pinlab::emu::test {
namespace {

const std::string kRedirect = "http://localhost:8080/oauth/callback";
const std::string kConfidential = "pinlab-confidential:pinlab-demo-secret";

struct SecurityTest : EmuFixture {
    std::string verifier = pkce_make_verifier();

    Params authorize(const std::string& client = "pinlab-demo", bool pkce = true) {
        Params a = {{"client_id", client}, {"redirect_uri", kRedirect}, {"response_type", "code"},
                    {"scope", "boards:read,pins:read"}, {"state", "s"}};
        if (pkce) {
            a.emplace_back("code_challenge", pkce_challenge_s256(verifier));
            a.emplace_back("code_challenge_method", "S256");
        }
        return a;
    }
    std::string get_code(const Params& a) { return param(query_of(consent(*emu, a, now)), "code").value_or(""); }
    Response token_req(const Params& form, const std::string& basic = "", const std::string& peer = "") {
        Request r = make("POST", "/v5/oauth/token", "", form_encode(form), "application/x-www-form-urlencoded");
        if (!basic.empty()) r.headers.set("Authorization", "Basic " + base64_encode(basic));
        if (!peer.empty()) r.headers.set("X-Emulator-Peer", peer);
        return send(r);
    }
    Params code_form(const std::string& code) {
        return {{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", kRedirect},
                {"client_id", "pinlab-demo"}, {"code_verifier", verifier}};
    }
    // A full sign-in of the public client: {access, refresh}.
    std::pair<std::string, std::string> sign_in() {
        Response r = token_req(code_form(get_code(authorize())));
        EXPECT_EQ(r.status, 200) << r.body;
        json j = body_json(r);
        return {str(j, "access_token"), str(j, "refresh_token")};
    }
    Response revoke(const std::string& tok) {
        Request r = make("POST", "/v5/oauth/token/revoke", "", form_encode({{"token", tok}, {"client_id", "pinlab-demo"}}),
                         "application/x-www-form-urlencoded");
        return send(r);
    }
};

// [SECTION] OAuth ---------------------------------------------------------------------------------------

TEST_F(SecurityTest, ConfidentialClientWithoutChallengeMayNotSendAVerifier) {
    // RFC 9700 §2.1.1: a verifier for a code issued without a challenge is a PKCE downgrade.
    std::string code = get_code(authorize("pinlab-confidential", false));
    ASSERT_FALSE(code.empty());
    Response r = token_req({{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", kRedirect},
                            {"code_verifier", verifier}},
                           kConfidential);
    EXPECT_EQ(r.status, 400) << r.body;
    std::string plain = get_code(authorize("pinlab-confidential", false));
    Response ok = token_req({{"grant_type", "authorization_code"}, {"code", plain}, {"redirect_uri", kRedirect}},
                            kConfidential);
    EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_F(SecurityTest, RefreshTokenReuseRevokesTheFamily) {
    auto [access, refresh] = sign_in();
    Response rotated = token_req({{"grant_type", "refresh_token"}, {"refresh_token", refresh}, {"client_id", "pinlab-demo"}});
    ASSERT_EQ(rotated.status, 200) << rotated.body;
    std::string access2 = str(body_json(rotated), "access_token"), refresh2 = str(body_json(rotated), "refresh_token");
    EXPECT_EQ(get("/v5/boards", access2).status, 200);
    // The old refresh token again: refused, and everything it led to stops working.
    Response reuse = token_req({{"grant_type", "refresh_token"}, {"refresh_token", refresh}, {"client_id", "pinlab-demo"}});
    EXPECT_EQ(reuse.status, 400);
    EXPECT_EQ(get("/v5/boards", access2).status, 401);
    EXPECT_EQ(get("/v5/boards", access).status, 401);
    Response next = token_req({{"grant_type", "refresh_token"}, {"refresh_token", refresh2}, {"client_id", "pinlab-demo"}});
    EXPECT_EQ(next.status, 400);
    // Another sign-in is not affected.
    auto [other, other_refresh] = sign_in();
    EXPECT_EQ(get("/v5/boards", other).status, 200);
}

TEST_F(SecurityTest, CodeReplayRevokesWhatTheCodeIssued) {
    std::string code = get_code(authorize());
    Response first = token_req(code_form(code));
    ASSERT_EQ(first.status, 200);
    std::string access = str(body_json(first), "access_token");
    EXPECT_EQ(get("/v5/boards", access).status, 200);
    Response again = token_req(code_form(code));
    EXPECT_EQ(again.status, 400);
    EXPECT_EQ(get("/v5/boards", access).status, 401);  // RFC 6749 §4.1.2
}

TEST_F(SecurityTest, RevokingARefreshTokenEndsItsAccessTokens) {
    auto [access, refresh] = sign_in();
    EXPECT_EQ(get("/v5/boards", access).status, 200);
    EXPECT_EQ(revoke(refresh).status, 200);
    EXPECT_EQ(get("/v5/boards", access).status, 401);  // RFC 7009 §2.1
    Response r = token_req({{"grant_type", "refresh_token"}, {"refresh_token", refresh}, {"client_id", "pinlab-demo"}});
    EXPECT_EQ(r.status, 400);
}

TEST_F(SecurityTest, CodesAndTokensDoNotFollowTheSeed) {
    // Two fresh emulators with the same seed: same data, different secrets.
    std::string code1 = get_code(authorize());
    auto tokens1 = token_req(code_form(code1));
    start();
    std::string code2 = get_code(authorize());
    auto tokens2 = token_req(code_form(code2));
    EXPECT_NE(code1, code2);
    EXPECT_NE(str(body_json(tokens1), "access_token"), str(body_json(tokens2), "access_token"));
    EXPECT_GE(code1.size(), 32u);
}

TEST_F(SecurityTest, CodeTableIsBoundedAndExpiresInOrder) {
    opts.quotas.max_pending_codes = 5;
    start();
    for (int i = 0; i < 5; ++i) EXPECT_FALSE(get_code(authorize()).empty());
    Request post = make("POST", "/oauth/", "", form_encode([&] {
                            Params a = authorize();
                            a.emplace_back("decision", "allow");
                            return a;
                        }()),
                        "application/x-www-form-urlencoded");
    EXPECT_EQ(send(post).status, 503);
    now += 11 * 60 * 1000;  // the codes expire; room again
    EXPECT_FALSE(get_code(authorize()).empty());
}

TEST_F(SecurityTest, TokenEndpointLimitIsPerClientAndPeerAndCountsOnlyAuthenticated) {
    opts.rate_limit.per_minute = 5;
    opts.rate_limit.per_second = 5;
    start();
    // Junk credentials are refused without spending anyone's budget.
    for (int i = 0; i < 50; ++i) {
        Response r = token_req({{"grant_type", "client_credentials"}, {"scope", "boards:read"}},
                               "junk" + std::to_string(i) + ":x", "10.0.0.9");
        EXPECT_EQ(r.status, 401);
    }
    // One peer uses up its own budget with failing requests of the public client...
    for (int i = 0; i < 5; ++i) token_req(code_form("nonsense"), "", "10.0.0.1");
    EXPECT_EQ(token_req(code_form("nonsense"), "", "10.0.0.1").status, 429);
    // ...and another user of the same client still signs in.
    std::string code = get_code(authorize());
    Response ok = token_req(code_form(code), "", "10.0.0.2");
    EXPECT_EQ(ok.status, 200) << ok.body;
}

// [SECTION] Content and quotas -------------------------------------------------------------------------

TEST_F(SecurityTest, CarouselItemsAreValidatedLikePins) {
    std::string board = first_board_id();
    auto carousel = [&](json item0) {
        json body = {{"board_id", board},
                     {"media_source", {{"source_type", "multiple_image_urls"},
                                       {"items", {item0, {{"url", "https://e.com/2.jpg"}}}}}}};
        return post("/v5/pins", body);
    };
    EXPECT_EQ(carousel({{"url", "https://e.com/1.jpg"}, {"link", "javascript:alert(1)"}}).status, 400);
    EXPECT_EQ(carousel({{"url", "https://e.com/1.jpg"}, {"title", std::string(1 << 20, 't')}}).status, 400);
    EXPECT_EQ(carousel({{"url", "https://e.com/1.jpg"}, {"description", 5}}).status, 400);
    EXPECT_EQ(carousel({{"url", "https://e.com/1.jpg"}, {"title", "ok"}, {"link", "https://example.com/x"}}).status, 201);
}

TEST_F(SecurityTest, StoredObjectsAreCapped) {
    opts.pin_count = 10;
    opts.quotas.max_pins = 2;
    opts.quotas.max_boards = 15;
    start();
    std::string board = first_board_id();
    json pin = {{"board_id", board}, {"media_source", {{"source_type", "image_url"}, {"url", "https://e.com/a.jpg"}}}};
    EXPECT_EQ(post("/v5/pins", pin).status, 201);
    EXPECT_EQ(post("/v5/pins", pin).status, 201);
    Response over = post("/v5/pins", pin);
    EXPECT_EQ(over.status, 403);  // a full quota is not a rate limit: retrying will not help
    EXPECT_NE(str(body_json(over), "message").find("--max-pins"), std::string::npos);
    EXPECT_FALSE(over.headers.has("X-RateLimit-Remaining"));
    int created = 0;
    for (int i = 0; i < 40; ++i)
        if (post("/v5/boards", json{{"name", "b" + std::to_string(i)}}).status == 201) ++created;
    EXPECT_LT(created, 40);
}

TEST_F(SecurityTest, UploadedBytesAreCapped) {
    opts.quotas.max_stored_bytes = 1000;
    start();
    std::vector<uint8_t> rgba(40 * 40 * 4);
    uint64_t x = 88172645463325252ull;
    for (auto& b : rgba) {  // noise: PNG cannot compress it below the cap
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        b = static_cast<uint8_t>(x);
    }
    std::string png = encode_png(40, 40, rgba);
    ASSERT_GT(png.size(), 1000u);
    json body = {{"board_id", first_board_id()},
                 {"media_source", {{"source_type", "image_base64"}, {"content_type", "image/png"}, {"data", base64_encode(png)}}}};
    EXPECT_EQ(post("/v5/pins", body).status, 413);
}

TEST_F(SecurityTest, DeferredRenderMatchesTheInlineOne) {
    json p = body_json(get("/v5/pins?page_size=1"))["items"][0];
    std::string path = "/media/pins/" + str(p, "id") + "/150x150.png";
    Response inline_png = get(path, "");
    ASSERT_EQ(inline_png.status, 200);
    opts.defer_image_renders = true;
    start();
    Response job = get(path, "");
    ASSERT_EQ(job.status, 200);
    std::string render(job.headers.get("X-Emulator-Render"));
    ASSERT_FALSE(render.empty());
    EXPECT_TRUE(job.body.empty());
    EXPECT_EQ(Emulator::render_deferred(render), inline_png.body);
    EXPECT_EQ(Emulator::render_deferred("1:2:3"), "");
    EXPECT_EQ(Emulator::render_deferred("1:20:30:99999:1"), "");
    emu->cache_image(path, inline_png.body);
    Response cached = get(path, "");
    EXPECT_EQ(cached.body, inline_png.body);
    EXPECT_TRUE(cached.headers.get("X-Emulator-Render").empty());
}

// [SECTION] Control endpoints ---------------------------------------------------------------------

TEST_F(SecurityTest, ControlEndpointsAreSameOriginAndJsonOnly) {
    opts.control_endpoint = true;
    opts.public_base_url = "http://127.0.0.1:8080";
    start();
    auto faults = [&](const std::string& host, const std::string& origin, const std::string& ctype) {
        Request r = make("POST", "/_emulator/faults", "", "{\"p_5xx\":1}", ctype);
        r.headers.set("Host", host);
        if (!origin.empty()) r.headers.set("Origin", origin);
        return send(r).status;
    };
    EXPECT_EQ(faults("127.0.0.1:8080", "http://evil.example", "application/json"), 403);
    EXPECT_EQ(faults("evil.example:8080", "http://evil.example:8080", "application/json"), 403);  // DNS rebinding
    EXPECT_EQ(faults("127.0.0.1:8080", "http://127.0.0.1:8080", "text/plain"), 415);
    Request cross = make("GET", "/_emulator/faults", "");
    cross.headers.set("Host", "127.0.0.1:8080");
    cross.headers.set("Sec-Fetch-Site", "cross-site");
    EXPECT_EQ(send(cross).status, 403);
    EXPECT_EQ(faults("localhost:8080", "http://localhost:8080", "application/json"), 200);
    EXPECT_EQ(faults("127.0.0.1:8080", "", "application/json"), 200);  // curl: no Origin
}

TEST(RateLimiterTable, EndedWindowsArePruned) {
    // 30,000 junk keys used to stay forever (240 MB in the report); windows that ended are dropped.
    RateLimiter limiter;
    RateLimitOptions o;
    Headers h;
    const int64_t t0 = kNow;
    for (int i = 0; i < 30000; ++i) limiter.take(o, "junk" + std::to_string(i), "org_read", t0, h);
    EXPECT_GE(limiter.size(), 29000u);
    for (int i = 0; i < 2048; ++i) limiter.take(o, "next", "org_read", t0 + 61000, h);  // a minute later
    EXPECT_LT(limiter.size(), 10u);
}

}  // namespace
}  // namespace pinlab::emu::test
