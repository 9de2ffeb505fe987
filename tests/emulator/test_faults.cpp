// test_faults.cpp — faults on demand: the one-shot queue of /_emulator/faults ("next call: 429"), what each kind
// answers, the report of what fired, and Demo's rules (a Public snapshot restores under Sandbox and back).
#include "emulator/demo_host.h"
#include "emu_test_util.h"

namespace pinlab::emu::test {

struct FaultsTest : EmuFixture {
    void SetUp() override {
        opts.control_endpoint = true;
        start();
    }
    Response arm(const json& next) { return post("/_emulator/faults", json{{"next", next}}, "-"); }
};

TEST_F(FaultsTest, EachOneShotAnswersOneCallInOrder) {
    ASSERT_EQ(arm({"429", "503"}).status, 200);
    Response r1 = get("/v5/boards");
    EXPECT_EQ(r1.status, 429);
    EXPECT_EQ(code_of(r1), 8);
    EXPECT_EQ(r1.headers.get("X-RateLimit-Reset"), "3");  // the client's wait comes from here
    EXPECT_EQ(r1.headers.get("X-RateLimit-Remaining"), "0");
    Response r2 = get("/v5/boards");
    EXPECT_EQ(r2.status, 503);
    EXPECT_EQ(get("/v5/boards").status, 200);  // spent: back to normal
    json f = body_json(get("/_emulator/faults", ""));
    EXPECT_TRUE(f["next"].empty());
    EXPECT_EQ(f["fired_total"], 2);
    ASSERT_EQ(f["fired"].size(), 2u);
    EXPECT_EQ(f["fired"][0]["fault"], "429");
    EXPECT_EQ(f["fired"][0]["method"], "GET");
    EXPECT_EQ(f["fired"][0]["path"], "/v5/boards");
    EXPECT_EQ(f["fired"][1]["fault"], "503");
    EXPECT_EQ(f["flavor"], "public");
}

TEST_F(FaultsTest, KindsAnswerAsTheirNamesSay) {
    ASSERT_EQ(arm({"403", "500", "malformed", "truncated", "drop", "timeout"}).status, 200);
    Response forbidden = get("/v5/boards");
    EXPECT_EQ(forbidden.status, 403);
    EXPECT_EQ(code_of(forbidden), 29);
    EXPECT_EQ(get("/v5/boards").status, 500);
    Response bad = get("/v5/boards");
    EXPECT_EQ(bad.status, 200);
    EXPECT_FALSE(json_parse(bad.body));
    EXPECT_EQ(bad.headers.get("Content-Type"), "text/html");
    Response cut = get("/v5/boards");
    EXPECT_EQ(cut.status, 200);
    EXPECT_FALSE(json_parse(cut.body));
    EXPECT_EQ(get("/v5/boards").headers.get("X-Emulator-Drop"), "1");
    Response slow = get("/v5/boards");
    EXPECT_EQ(slow.headers.get("X-Emulator-Delay-Ms"), "120000");  // past any client's timeout
    EXPECT_EQ(get("/v5/boards").headers.get("X-Emulator-Delay-Ms"), "");
}

TEST_F(FaultsTest, ExpiredTokenIsRealAndRefreshStillWorks) {
    ASSERT_EQ(arm({"401"}).status, 200);
    Response r = get("/v5/boards");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(code_of(r), 2);
    EXPECT_EQ(get("/v5/boards").status, 401);  // the token did expire: not a one-off answer
    EXPECT_EQ(get("/v5/boards", mint(kAllScopes)).status, 200);  // a new one works
}

TEST_F(FaultsTest, TokenEndpointIsNeverHit) {
    ASSERT_EQ(arm({"500"}).status, 200);
    Request tok = make("POST", "/v5/oauth/token", "", "grant_type=refresh_token&refresh_token=x",
                       "application/x-www-form-urlencoded");
    EXPECT_NE(send(tok).status, 500);  // sign-in and refresh go through
    EXPECT_EQ(body_json(get("/_emulator/faults", ""))["next"].size(), 1u);
    EXPECT_EQ(get("/v5/boards").status, 500);
}

TEST_F(FaultsTest, BadQueuesAreRefusedAndResetClears) {
    EXPECT_EQ(arm({"418"}).status, 400);
    EXPECT_EQ(arm("429").status, 400);
    EXPECT_EQ(arm({1}).status, 400);
    EXPECT_EQ(arm(json(std::vector<std::string>(51, "429"))).status, 400);
    EXPECT_TRUE(emu->faults().next.empty());  // nothing applied from a refused change
    ASSERT_EQ(arm({"429", "429"}).status, 200);
    EXPECT_EQ(get("/v5/boards").status, 429);
    ASSERT_EQ(send(make("POST", "/_emulator/reset", "", "{}")).status, 200);
    json f = body_json(get("/_emulator/faults", ""));
    EXPECT_TRUE(f["next"].empty());
    EXPECT_EQ(f["fired_total"], 0);
    EXPECT_TRUE(f["fired"].empty());
}

TEST_F(FaultsTest, FiredReportKeepsTheNewestTwenty) {
    ASSERT_EQ(arm(json(std::vector<std::string>(25, "503"))).status, 200);
    for (int i = 0; i < 25; ++i) get("/v5/boards");
    json f = body_json(get("/_emulator/faults", ""));
    EXPECT_EQ(f["fired_total"], 25);
    EXPECT_EQ(f["fired"].size(), 20u);
}

TEST(DemoRules, SandboxRulesRefuseSearchAndKeepTheData) {
    DemoHost prod;
    prod.start("pinlab-demo", "http://127.0.0.1:8080/");
    std::string token = prod.emulator()->mint_access_token("pinlab-demo", kAllScopes, kNow);
    Response made = prod.handle(make("POST", "/v5/boards", token, R"({"name":"Kept"})"), kNow);
    ASSERT_EQ(made.status, 201) << made.body;
    EXPECT_EQ(prod.handle(make("GET", "/v5/search/pins?query=a", token), kNow).status, 200);

    DemoHost sandbox;
    DemoStartResult res = sandbox.start("pinlab-demo", "http://127.0.0.1:8080/", prod.snapshot(), Flavor::Sandbox);
    ASSERT_TRUE(res.restored) << res.error;
    Response search = sandbox.handle(make("GET", "/v5/search/pins?query=a", token), kNow);
    EXPECT_EQ(search.status, 401);  // as api-sandbox: x-sandbox disabled
    EXPECT_EQ(code_of(search), 2);
    Response board = sandbox.handle(make("GET", "/v5/boards/" + str(body_json(made), "id"), token), kNow);
    EXPECT_EQ(board.status, 200);  // the same data and token
    EXPECT_EQ(str(body_json(board), "name"), "Kept");
    EXPECT_EQ(body_json(sandbox.handle(make("GET", "/_emulator/faults"), kNow))["flavor"], "sandbox");

    DemoHost back;  // and back again
    ASSERT_TRUE(back.start("pinlab-demo", "http://127.0.0.1:8080/", sandbox.snapshot(), Flavor::Public).restored);
    EXPECT_EQ(back.handle(make("GET", "/v5/search/pins?query=a", token), kNow).status, 200);

    // A Strict snapshot is still refused (its codes carry no PKCE challenge).
    Options strict;
    strict.flavor = Flavor::Strict;
    Emulator se(strict);
    std::string error;
    Emulator pe(Options{});
    EXPECT_FALSE(pe.load_state(se.save_state(), &error));
    EXPECT_NE(error.find("flavour"), std::string::npos);
}

}  // namespace pinlab::emu::test
