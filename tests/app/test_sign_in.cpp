// test_sign_in.cpp — signing in and out headless: the first frame is the sign-in, Demo's sign-in through the
// in-app consent dialog against the in-page emulator (and never the network), a denied consent explained,
// sign-out forgetting the session and revoking the token.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/fake_platform.h"
#include "app/state.h"
#include "emulator/impl.h"

using namespace pinlab;
using namespace pinlab::app;
using pinlab::app::test::Harness;

TEST(AppDemo, FirstFrameIsTheConnectScreen) {
    Harness h;
    h.frame();
    EXPECT_TRUE(app::first_useful_frame_drawn());
    json b = h.bridge();
    EXPECT_EQ(b.value("view", ""), "connect");
    EXPECT_FALSE(b.value("signed_in", true));
    EXPECT_TRUE(h.item("backend:demo"));
    EXPECT_TRUE(h.item("backend:local"));
    EXPECT_TRUE(h.item("button:Sign in"));
    EXPECT_TRUE(h.item("scope:boards:read"));
    // Built-in defaults are used (no config.json here) and the user is told.
    EXPECT_NE(h.p.announced.end(), std::find_if(h.p.announced.begin(), h.p.announced.end(), [](const std::string& a) {
                  return a.find("config.json") != std::string::npos;
              }));
}

TEST(AppDemo, SignInThroughConsentShowsProfileAndNoNetwork) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    json b = h.bridge();
    EXPECT_EQ(b.value("user", ""), "pinlab_demo");
    EXPECT_TRUE(b.value("signed_in", false));
    EXPECT_EQ(b.value("view", ""), "profile");
    EXPECT_EQ(b.value("hash", ""), "#/profile");
    EXPECT_TRUE(h.p.net.sent.empty()) << "Demo must not use the network";
    EXPECT_TRUE(h.p.navigated.empty()) << "Demo has no redirect";
    // The PKCE flow went through the emulator and is in the console log (code redacted).
    AppState* s = state_for_tests();
    ASSERT_NE(s, nullptr);
    bool consent = false, token = false;
    for (const auto& e : s->client()->log().entries()) {
        consent = consent || e.operation == "oauth/consent";
        token = token || (e.operation == "oauth/token" && e.status == 200);
    }
    EXPECT_TRUE(consent);
    EXPECT_TRUE(token);
    for (const char* n : {"nav:Profile", "nav:Boards", "nav:Pins", "nav:Create", "nav:Search", "nav:Analytics",
                          "nav:Console",
                          "nav:Token"})
        EXPECT_TRUE(h.item(n)) << n;
}

TEST(AppDemo, DenyingConsentIsExplained) {
    Harness h;
    h.frame();
    ASSERT_TRUE(h.click("button:Sign in"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Deny").has_value(); }, 20));
    ASSERT_TRUE(h.click("button:Deny"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("error", "") != ""; }));
    json b = h.bridge();
    EXPECT_FALSE(b.value("signed_in", true));
    EXPECT_EQ(b.value("view", ""), "connect");
    std::string all = b.value("error", "") + " " + b.value("hint", "");
    EXPECT_NE(all.find("den"), std::string::npos) << all;
}

TEST(AppDemo, SignOutForgetsTheSession) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(h.click("button:Sign out"));
    h.frame();
    json b = h.bridge();
    EXPECT_FALSE(b.value("signed_in", true));
    EXPECT_EQ(b.value("view", ""), "connect");
    EXPECT_EQ(h.p.local.count("pinlab.remember"), 0u);
}

TEST(AppDemo, SignOutRevokesTheToken) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    ASSERT_NE(s, nullptr);
    const std::string access = s->client()->auth().tokens()->access_token;
    ASSERT_TRUE(h.click("button:Sign out"));
    bool revoked = false;
    ASSERT_TRUE(h.until([&] {
        for (const auto& e : s->client()->log().entries()) revoked = revoked || (e.operation == "token/revoke" && e.status == 200);
        return revoked;
    })) << "the revocation is sent and logged";
    pinlab::Request req;
    req.method = "GET";
    req.url = "/v5/user_account";
    req.headers.set("Authorization", "Bearer " + access);
    EXPECT_EQ(h.p.demo.emulator()->handle(req, h.p.epoch_ms()).status, 401) << "the signed-out token is dead";
}

// The Demo consent step lists the emulator's accounts; the one picked is the one signed in.
TEST(AppDemo, TheConsentStepPicksTheAccount) {
    const auto& app_list = demo_accounts();
    ASSERT_EQ(app_list.size(), std::size(emu::kAccounts)) << "the page's list and the emulator's agree";
    for (size_t i = 0; i < app_list.size(); ++i) {
        EXPECT_STREQ(app_list[i].username, emu::kAccounts[i].username);
        EXPECT_STREQ(app_list[i].type, emu::kAccounts[i].type);
    }
    Harness h;
    h.frame();
    ASSERT_TRUE(h.click("button:Sign in"));
    ASSERT_TRUE(h.until([&] { return h.item("combo:Account").has_value(); }, 30));
    for (int i = 0; i < 3; ++i) h.frame();
    ASSERT_TRUE(h.click("combo:Account"));
    ASSERT_TRUE(h.until([&] { return h.item("account option:pinlab_pinner").has_value(); }, 10));
    ASSERT_TRUE(h.click("account option:pinlab_pinner"));
    ASSERT_TRUE(h.click("button:Allow"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("user", "") != ""; }));
    EXPECT_EQ(h.bridge()["user"], "pinlab_pinner");
}
