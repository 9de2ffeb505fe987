// test_token_check.cpp — a pasted token is checked with GET /v5/user_account before "signed in" is said: a
// 401 refuses it saying the token is not valid; no answer (fetch's status 0) says the browser could not reach
// the API, names what would work, and is tried twice, not four times; a refusal for a scope still signs in.
#include <gtest/gtest.h>

#include "app/fake_platform.h"
#include "app/state.h"
#include "app/token_api.h"

using namespace pinlab;
using namespace pinlab::app;
using pinlab::app::test::Harness;
using pinlab::app::test::TokenApi;

namespace {

AppState* paste(Harness& h, TokenApi& api) {
    api.net.follow = &h.p.now;
    h.p.network_override = &api.net;
    h.p.local["pinlab.settings"] = R"({"backend":"token"})";
    h.start();
    h.frame();
    AppState* s = state_for_tests();
    s->session.use_pasted_token(*s, "pina_FAKE0123456789");
    return s;
}

size_t account_calls(const TokenApi& api) {
    size_t n = 0;
    for (const auto& r : api.net.sent) n += r.url.find("/user_account") != std::string::npos;
    return n;
}

}  // namespace

TEST(TokenCheck, A401RefusesThePastedTokenAndSaysItIsNotValid) {
    Harness h("http://127.0.0.1:8080/", false);
    TokenApi api;
    api.account_status = 401;
    AppState* s = paste(h, api);
    EXPECT_FALSE(s->signed_in()) << "not signed in before the API has answered";
    ASSERT_TRUE(h.until([&] { return s->notices.error.kind != ErrorKind::None; }));
    EXPECT_FALSE(s->signed_in());
    EXPECT_EQ(s->notices.error.kind, ErrorKind::Auth);
    EXPECT_NE(s->notices.error.message.find("The token is not valid"), std::string::npos) << s->notices.error.message;
    EXPECT_NE(s->notices.error.message.find("401"), std::string::npos);
    for (int i = 0; i < 30; ++i) h.frame();
    EXPECT_FALSE(s->signed_in());
}

TEST(TokenCheck, NoAnswerSaysTheBrowserCouldNotReachTheApiAndIsNotTriedFourTimes) {
    Harness h("http://127.0.0.1:8080/", false);
    TokenApi api;
    api.unreachable = true;
    AppState* s = paste(h, api);
    ASSERT_TRUE(h.until([&] { return s->notices.error.kind != ErrorKind::None; }, 2000));
    EXPECT_FALSE(s->signed_in());
    EXPECT_NE(s->notices.error.message.find("could not reach the API"), std::string::npos) << s->notices.error.message;
    EXPECT_NE(s->notices.error.hint.find("Demo"), std::string::npos) << s->notices.error.hint;
    EXPECT_EQ(account_calls(api), 2u);
}

TEST(TokenCheck, AGoodTokenSignsInAndAScopeRefusalStillDoes) {
    {
        Harness h("http://127.0.0.1:8080/", false);
        TokenApi api;
        AppState* s = paste(h, api);
        ASSERT_TRUE(h.until([&] { return s->signed_in(); }));
        EXPECT_EQ(account_calls(api), 1u);
    }
    {
        Harness h("http://127.0.0.1:8080/", false);
        TokenApi api;
        api.refuse_account = true;  // 401 code 3: a missing scope, not a bad token
        AppState* s = paste(h, api);
        ASSERT_TRUE(h.until([&] { return s->signed_in(); }));
    }
}
