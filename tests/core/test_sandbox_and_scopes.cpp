// test_sandbox_and_scopes.cpp — the client's reading of refusals: the sandbox's 401 for an operation it does
// not serve (x-sandbox: disabled) is not a token problem (no refresh, no replay, the session stays, a hint
// naming the sandbox); the scopes a token is seen to have or lack from the API's answers.
#include <gtest/gtest.h>

#include "core/client.h"
#include "core/operations.h"
#include "core/request_log.h"
#include "scripted_transport.h"

using namespace pinlab;
using namespace pinlab::test;

namespace {

const char* kAuthFailed = R"({"code":2,"message":"Authentication failed.","status":"failure"})";
const char* kNoScope =
    R"({"code":3,"message":"Your token does not have sufficient permissions to perform this operation. Please ensure your token is authorized with the correct set of scopes."})";
const char* kBoards = R"({"items":[{"id":"7","name":"Trips"}],"bookmark":null})";

struct Env {
    ScriptedTransport tr;
    MemoryStorage st;
    int64_t epoch = 1'700'000'000'000;
    std::unique_ptr<Client> client;

    explicit Env(const std::string& api_base, bool sandbox = false) {
        ClientConfig c;
        c.api_base = api_base;
        c.sandbox = sandbox;
        c.oauth.token_url = api_base + "/oauth/token";
        c.oauth.client_id = "cid";
        c.oauth.redirect_uri = "https://app.test/cb";
        c.retry.random01 = [] { return 0.0; };
        c.epoch_ms = [this] { return epoch; };
        client = std::make_unique<Client>(tr, c, st);
    }
    void sign_in() {
        Response r;
        r.status = 200;
        r.body = R"({"access_token":"pina_A1","refresh_token":"pinr_R1","expires_in":3600,"scope":"boards:read pins:read"})";
        client->auth().accept_token_response(r, epoch / 1000);
    }
    template <class H>
    void wait(H& h) {
        for (int i = 0; i < 200 && h->pending(); ++i) {
            client->pump();
            tr.clock += 100;
            epoch += 100;
        }
    }
    size_t token_requests() const {
        size_t n = 0;
        for (const auto& r : tr.sent) n += r.url.find("/oauth/token") != std::string::npos;
        return n;
    }
};

}  // namespace

TEST(Sandbox, TheSpecTableMarksSearchAndAnalyticsAsNotInTheSandbox) {
    EXPECT_FALSE(operation_info("search_user_pins/list").sandbox);
    EXPECT_FALSE(operation_info("user_account/analytics").sandbox);
    EXPECT_TRUE(operation_info("boards/list").sandbox);
}

TEST(Sandbox, A401ForASandboxDisabledOperationIsNotATokenProblem) {
    Env env("https://api-sandbox.pinterest.com/v5");  // the sandbox's host implies its rules
    ASSERT_TRUE(env.client->config().sandbox);
    env.sign_in();
    env.tr.responder = [](const Request&) { return json_reply(401, kAuthFailed); };
    auto h = env.client->search_pins("cats");
    env.wait(h);
    ASSERT_TRUE(h->failed());
    EXPECT_EQ(h->error.kind, ErrorKind::NotInSandbox) << h->error.describe();
    EXPECT_EQ(h->error.http_status, 401);
    EXPECT_NE(h->error.hint.find("not available in the Pinterest sandbox"), std::string::npos) << h->error.hint;
    EXPECT_EQ(h->error.hint.find("sign in again"), std::string::npos) << h->error.hint;
    EXPECT_EQ(env.tr.sent.size(), 1u) << "no refresh and no replay";
    EXPECT_EQ(env.token_requests(), 0u);
    EXPECT_TRUE(env.client->auth().signed_in()) << "the session stays";
    EXPECT_EQ(env.client->auth().tokens()->access_token, "pina_A1");
}

TEST(Sandbox, AnalyticsToo_AndAConfiguredSandboxBackendWithAnotherHost) {
    Env env("https://proxy.example/v5", /*sandbox=*/true);
    env.sign_in();
    env.tr.responder = [](const Request&) { return json_reply(401, kAuthFailed); };
    AnalyticsQuery q;
    q.start_date = "2023-11-01";
    q.end_date = "2023-11-10";
    auto h = env.client->get_user_account_analytics(q);
    env.wait(h);
    ASSERT_TRUE(h->failed());
    EXPECT_EQ(h->error.kind, ErrorKind::NotInSandbox);
    EXPECT_EQ(env.token_requests(), 0u);
    EXPECT_TRUE(env.client->auth().signed_in());
}

TEST(Sandbox, ASandboxEnabledOperationsA401StillRefreshesOnce) {
    Env env("https://api-sandbox.pinterest.com/v5");
    env.sign_in();
    int calls = 0;
    env.tr.responder = [&](const Request& r) {
        if (r.url.find("/oauth/token") != std::string::npos)
            return json_reply(200, R"({"access_token":"pina_A2","refresh_token":"pinr_R2","expires_in":3600,"scope":"boards:read"})");
        return ++calls == 1 ? json_reply(401, kAuthFailed) : json_reply(200, kBoards);
    };
    auto h = env.client->list_boards();
    env.wait(h);
    EXPECT_TRUE(h->done()) << h->error.describe();
    EXPECT_EQ(env.token_requests(), 1u);
}

TEST(Sandbox, InProductionTheSame401IsAnExpiredTokenAndRefreshes) {
    Env env("https://api.pinterest.com/v5");
    EXPECT_FALSE(env.client->config().sandbox);
    env.sign_in();
    env.tr.responder = [](const Request&) { return json_reply(401, kAuthFailed); };
    auto h = env.client->search_pins("cats");
    env.wait(h);
    ASSERT_TRUE(h->failed());
    EXPECT_EQ(h->error.kind, ErrorKind::Auth);
    EXPECT_GE(env.token_requests(), 1u);
}

TEST(ScopeEvidence, SuccessConfirmsAndARefusalNamesTheOneUnprovenScope) {
    Env env("https://api.pinterest.com/v5");
    env.client->use_token("pina_pasted", {"boards:read", "user_accounts:read"}, "production");
    EXPECT_TRUE(env.client->scope_evidence().confirmed.empty());
    env.tr.script.push_back(json_reply(200, kBoards));
    auto ok = env.client->list_boards();
    env.wait(ok);
    ASSERT_TRUE(ok->done());
    EXPECT_EQ(env.client->scope_evidence().confirmed, std::vector<std::string>{"boards:read"});
    // GET /user_account needs user_accounts:read only: refused, so the token lacks it (it was only declared).
    env.tr.script.push_back(json_reply(401, kNoScope));
    auto acc = env.client->get_user_account();
    env.wait(acc);
    ASSERT_TRUE(acc->failed());
    EXPECT_EQ(acc->error.kind, ErrorKind::Permission);
    EXPECT_EQ(env.client->scope_evidence().missing, std::vector<std::string>{"user_accounts:read"});
    // A board's pins need boards:read and pins:read; boards:read is proven, so pins:read is the missing one.
    env.tr.script.push_back(json_reply(403, kNoScope));
    auto pins = env.client->list_board_pins("7");
    env.wait(pins);
    EXPECT_EQ(env.client->scope_evidence().missing, (std::vector<std::string>{"pins:read", "user_accounts:read"}));
    // A new token forgets what was learnt about the old one.
    env.client->use_token("pina_other", {"boards:read"}, "sandbox");
    EXPECT_TRUE(env.client->scope_evidence().missing.empty());
    EXPECT_TRUE(env.client->scope_evidence().confirmed.empty());
}

TEST(ScopeEvidence, AMessageNamingTheScopeIsBelieved_AndAmbiguityIsSaidSo) {
    Env env("https://api.pinterest.com/v5");
    env.client->use_token("pina_pasted", {"pins:read"}, "production");
    env.tr.script.push_back(json_reply(403, R"({"code":3,"message":"Missing scopes: pins:read_secret"})"));
    auto a = env.client->list_pins();
    env.wait(a);
    EXPECT_EQ(env.client->scope_evidence().missing, std::vector<std::string>{"pins:read_secret"})
        << "the named scope, not pins:read (whose name is a prefix of it)";
    env.tr.script.push_back(json_reply(401, kNoScope));
    auto b = env.client->list_board_pins("7");  // boards:read and pins:read, neither proven yet
    env.wait(b);
    ASSERT_EQ(env.client->scope_evidence().unclear.size(), 1u);
    EXPECT_EQ(env.client->scope_evidence().unclear[0], "boards:read or pins:read");
}
