// test_runtime.cpp — rate limits, fault injection and the control endpoints, CORS per flavour, the sandbox
// flavour, and EmulatorTransport (delay, drop, timeout, cancel, header stripping).
#include "emu_test_util.h"
#include "emulator/emulator_transport.h"

namespace pinlab::emu::test {
namespace {

using RuntimeTest = EmuFixture;

TEST_F(RuntimeTest, RateLimitHeadersDecreaseThen429ThenReset) {
    opts.rate_limit.per_second = 3;
    opts.rate_limit.per_minute = 1000;
    start();
    Response r1 = get("/v5/boards");
    EXPECT_EQ(r1.headers.get("X-RateLimit-Limit"), "3, 3;w=1, 1000;w=60");
    EXPECT_EQ(r1.headers.get("X-RateLimit-Remaining"), "2");
    EXPECT_EQ(get("/v5/boards").headers.get("X-RateLimit-Remaining"), "1");
    EXPECT_EQ(get("/v5/boards").headers.get("X-RateLimit-Remaining"), "0");
    Response limited = get("/v5/boards");
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(code_of(limited), 8);
    EXPECT_EQ(limited.headers.get("X-RateLimit-Reset"), "1");
    // Another category has its own quota.
    EXPECT_EQ(post("/v5/boards", json{{"name", "rl"}}).status, 201);
    now += 1000;
    EXPECT_EQ(get("/v5/boards").status, 200);
}

TEST_F(RuntimeTest, DefaultLimitsAllowScrollingAThousandPins) {
    // 1,000 pins at page_size 25 = 40 requests in the same second, with the default limits.
    RateLimiter limiter;
    Headers h;
    for (int i = 0; i < 40; ++i) ASSERT_TRUE(limiter.take(RateLimitOptions{}, "token:t", "org_read", now, h)) << i;
    EXPECT_EQ(get("/v5/pins?page_size=250").status, 200);
}

TEST_F(RuntimeTest, PerMinuteWindow) {
    opts.rate_limit.per_second = 100;
    opts.rate_limit.per_minute = 2;
    start();
    EXPECT_EQ(get("/v5/boards").status, 200);
    now += 1000;
    EXPECT_EQ(get("/v5/boards").status, 200);
    now += 1000;
    Response r = get("/v5/boards");
    EXPECT_EQ(r.status, 429);
    EXPECT_GT(std::stoi(std::string(r.headers.get("X-RateLimit-Reset"))), 1);
    now += 60000;
    EXPECT_EQ(get("/v5/boards").status, 200);
}

TEST_F(RuntimeTest, EachFaultKind) {
    auto with = [&](auto setter) {
        emu->faults() = Faults{};
        setter(emu->faults());
        return get("/v5/user_account");
    };
    Response r = with([](Faults& f) { f.p_5xx = 1; });
    EXPECT_TRUE(r.status == 500 || r.status == 503);
    EXPECT_TRUE(json_parse(r.body)->contains("code"));
    r = with([](Faults& f) { f.p_429 = 1; });
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(code_of(r), 8);
    r = with([](Faults& f) { f.p_malformed = 1; });
    EXPECT_EQ(r.status, 200);
    EXPECT_FALSE(json_parse(r.body));
    r = with([](Faults& f) { f.p_truncated = 1; });
    EXPECT_FALSE(json_parse(r.body));
    EXPECT_FALSE(r.body.empty());
    r = with([](Faults& f) { f.p_drop = 1; });
    EXPECT_EQ(r.headers.get("X-Emulator-Drop"), "1");
    r = with([](Faults& f) { f.latency_ms = 250; });
    EXPECT_EQ(r.headers.get("X-Emulator-Delay-Ms"), "250");
    EXPECT_EQ(r.status, 200);
    r = with([](Faults& f) { f.expire_tokens_now = true; });
    EXPECT_EQ(code_of(r), 2);
    EXPECT_FALSE(emu->faults().expire_tokens_now);  // one-shot
    EXPECT_EQ(get("/v5/user_account", mint({"user_accounts:read"})).status, 200);
}

TEST_F(RuntimeTest, FaultsAreDeterministicFromTheSeed) {
    auto run = [&](uint64_t seed) {
        opts.seed = seed;
        opts.faults = Faults{};
        opts.faults.p_5xx = 0.5;
        start();
        std::string pattern;
        for (int i = 0; i < 40; ++i) pattern += get("/v5/user_account").status == 200 ? '.' : 'x';
        return pattern;
    };
    std::string a = run(7), b = run(7), c = run(8);
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
    EXPECT_NE(a.find('x'), std::string::npos);
    EXPECT_NE(a.find('.'), std::string::npos);
}

TEST_F(RuntimeTest, ControlEndpoints) {
    opts.control_endpoint = true;
    start();
    json f = body_json(get("/_emulator/faults", ""));
    EXPECT_EQ(f["p_5xx"], 0.0);
    Response r = post("/_emulator/faults", json{{"p_429", 1.0}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(emu->faults().p_429, 1.0);
    EXPECT_EQ(get("/v5/boards").status, 429);
    EXPECT_EQ(post("/_emulator/faults", json{{"p_429", 2.0}}).status, 400);
    EXPECT_EQ(post("/_emulator/faults", json{{"bogus", 1}}).status, 400);
    EXPECT_EQ(post("/_emulator/faults", json{{"p_429", "x"}}).status, 400);
    std::string board = str(body_json(post("/v5/boards", json{{"name", "tmp"}})), "id");
    ASSERT_EQ(send(make("POST", "/_emulator/reset", "", "{}")).status, 200);
    EXPECT_EQ(emu->faults().p_429, 0.0);
    EXPECT_EQ(get("/v5/boards").status, 401);  // tokens are gone after reset
    token = mint(kAllScopes);
    EXPECT_EQ(get("/v5/boards/" + board).status, 404);
}

TEST_F(RuntimeTest, CorsPerFlavour) {
    opts.allowed_origins = {"http://localhost:8080"};
    start();
    Request pre = make("OPTIONS", "/v5/boards");
    pre.headers.set("Origin", "http://localhost:8080");
    pre.headers.set("Access-Control-Request-Headers", "authorization");
    Response r = send(pre);
    EXPECT_EQ(r.status, 204);
    EXPECT_EQ(r.headers.get("Access-Control-Allow-Origin"), "http://localhost:8080");
    EXPECT_NE(r.headers.get("Access-Control-Allow-Methods").find("PATCH"), std::string::npos);
    Request g = make("GET", "/v5/boards", token);
    g.headers.set("Origin", "http://localhost:8080");
    EXPECT_EQ(send(g).headers.get("Access-Control-Allow-Origin"), "http://localhost:8080");
    g.headers.set("Origin", "http://evil.example");
    EXPECT_FALSE(send(g).headers.has("Access-Control-Allow-Origin"));
    pre.headers.set("Origin", "http://evil.example");
    EXPECT_FALSE(send(pre).headers.has("Access-Control-Allow-Origin"));

    opts.flavor = Flavor::Strict;
    start();
    g.headers.set("Origin", "http://localhost:8080");
    EXPECT_FALSE(send(g).headers.has("Access-Control-Allow-Origin"));
    pre.headers.set("Origin", "http://localhost:8080");
    EXPECT_FALSE(send(pre).headers.has("Access-Control-Allow-Origin"));
}

TEST_F(RuntimeTest, SandboxDisablesAnalyticsAndSearch) {
    opts.flavor = Flavor::Sandbox;
    start();
    std::string q = "start_date=" + test_date(now, -5) + "&end_date=" + test_date(now, 0);
    for (const std::string& url : {"/v5/user_account/analytics?" + q, std::string("/v5/search/pins?query=x"),
                                   std::string("/v5/search/boards")}) {
        Response r = get(url);
        EXPECT_EQ(r.status, 401) << url;
        EXPECT_EQ(r.body, R"({"code":2,"message":"Authentication failed.","status":"failure"})");
    }
    EXPECT_EQ(get("/v5/boards").status, 200);
    EXPECT_EQ(get("/v5/user_account").status, 200);
}

struct ManualClock {
    double t = 0;
};

TEST_F(RuntimeTest, TransportDelaysDropsTimesOutAndCancels) {
    ManualClock clock;
    EmulatorTransport tr(*emu, [&] { return clock.t; }, [&] { return now; });
    std::vector<Completion> out;
    Request r = make("GET", "/v5/user_account", token);
    RequestId a = tr.send(r);
    tr.poll(out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].id, a);
    EXPECT_EQ(out[0].response.status, 200);
    out.clear();

    emu->faults().latency_ms = 500;
    RequestId b = tr.send(r);
    tr.poll(out);
    EXPECT_TRUE(out.empty());
    clock.t += 499;
    tr.poll(out);
    EXPECT_TRUE(out.empty());
    clock.t += 1;
    tr.poll(out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].id, b);
    EXPECT_FALSE(out[0].response.headers.has("X-Emulator-Delay-Ms"));
    EXPECT_DOUBLE_EQ(out[0].elapsed_ms, 500);
    out.clear();

    r.timeout_ms = 100;
    tr.send(r);
    clock.t += 100;
    tr.poll(out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].error, TransportError::Timeout);
    out.clear();

    r.timeout_ms = 0;
    RequestId c = tr.send(r);
    tr.cancel(c);
    tr.poll(out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].error, TransportError::Cancelled);
    out.clear();

    emu->faults() = Faults{};
    emu->faults().p_drop = 1;
    tr.send(r);
    tr.poll(out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].error, TransportError::Network);
    EXPECT_EQ(tr.pending(), 0u);
}

}  // namespace
}  // namespace pinlab::emu::test
