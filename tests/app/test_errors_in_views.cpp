// test_errors_in_views.cpp — a failure keeps what was shown and typed: a failed reload keeps the boards shown
// and its error box neither moves the page nor follows to another view, a failed "New board" keeps the dialog
// and the typed name, a 500 during sign-in says so and offers Retry, analytics show the API's own error.
#include <gtest/gtest.h>
#include <imgui_internal.h>

#include <functional>

#include "app/fake_platform.h"
#include "app/state.h"
#include "app/token_api.h"
#include "app/ui/widgets.h"

using namespace pinlab;
using namespace pinlab::app;
using namespace pinlab::app::test;  // Harness, TokenApi, sign_in_with_token, json_reply, ScriptedTransport

TEST(ErrorsInViews, AFailedReloadKeepsTheBoardsAndTheBannerNeitherMovesThePageNorFollowsToAnotherView) {
    Harness h("http://127.0.0.1:8080/", false);
    TokenApi api;
    sign_in_with_token(h, api);
    ASSERT_TRUE(h.click("nav:Boards"));
    ASSERT_TRUE(h.until([&] { return h.labels_with_prefix("board:").size() == 3; }));
    auto before = h.item("board:Alpha");
    ASSERT_TRUE(before);
    AppState* s = state_for_tests();
    api.fail_boards = true;
    ASSERT_TRUE(h.click("button:Reload"));
    for (int i = 0; i < 20; ++i) {  // never "0 boards" while the reload runs or after it failed
        EXPECT_EQ(s->boards.list.items.size(), 3u);
        h.frame();
    }
    ASSERT_TRUE(h.until([&] { return h.bridge().value("error", "") != ""; }));
    EXPECT_EQ(h.labels_with_prefix("board:").size(), 3u);
    EXPECT_TRUE(h.item("button:Retry")) << "the failed reload can be retried";
    auto after = h.item("board:Alpha");
    ASSERT_TRUE(after);
    EXPECT_FLOAT_EQ(after->value("y", 0.0f), before->value("y", 0.0f)) << "the banner must not push the page down";
    // Retry after the cause is gone: the boards load, the banner goes, nothing moved.
    api.fail_boards = false;
    ASSERT_TRUE(h.click("button:Retry"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("error", "") == "" && !s->boards.reloading; }));
    EXPECT_FLOAT_EQ(h.item("board:Alpha")->value("y", 0.0f), before->value("y", 0.0f));
    // An error belongs to the view it was shown on.
    api.fail_boards = true;
    ASSERT_TRUE(h.click("button:Reload"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("error", "") != ""; }));
    ASSERT_TRUE(h.click("nav:Profile"));
    h.frame();
    EXPECT_EQ(h.bridge().value("error", ""), "") << "the boards' error must not stay over the profile";
}

TEST(ErrorsInViews, AFailedNewBoardKeepsTheDialogAndTheTypedName) {
    Harness h("http://127.0.0.1:8080/", false);
    TokenApi api;
    sign_in_with_token(h, api);
    ASSERT_TRUE(h.click("nav:Boards"));
    ASSERT_TRUE(h.until([&] { return h.labels_with_prefix("board:").size() == 3; }));
    ASSERT_TRUE(h.click("button:New board"));
    ASSERT_TRUE(h.until([&] { return h.item("input:Board name").has_value(); }, 10));
    ASSERT_TRUE(h.click("input:Board name"));
    h.type("Summer trip");
    api.fail_boards = true;
    ASSERT_TRUE(h.click("button:Save board"));
    AppState* s = state_for_tests();
    ASSERT_TRUE(h.until([&] { return !s->boards.form.saving; }));
    for (int i = 0; i < 5; ++i) h.frame();
    EXPECT_TRUE(s->boards.form.open);
    EXPECT_EQ(s->boards.form.name, "Summer trip");
    EXPECT_FALSE(s->boards.form.error.ok());
    EXPECT_TRUE(h.item("button:Save board")) << "the dialog stays on screen";
    // Saved once the cause is gone: the dialog closes and the board is listed.
    api.fail_boards = false;
    api.net.responder = [inner = api.net.responder](const Request& r) {
        if (r.method == "POST") return json_reply(201, R"({"id":"99","name":"Summer trip"})");
        return inner(r);
    };
    ASSERT_TRUE(h.click("button:Save board"));
    ASSERT_TRUE(h.until([&] { return !s->boards.form.open && h.item("board:Summer trip").has_value(); }));
}

TEST(ErrorsInViews, A500DuringSignInSaysSoAndOffersRetry) {
    const std::string base = "http://127.0.0.1:8080/";
    Harness h(base, false);
    ScriptedTransport net;
    net.follow = &h.p.now;
    net.responder = [](const Request&) { return json_reply(500, R"({"code":500,"message":"Internal error"})"); };
    h.p.network_override = &net;
    h.p.local["pinlab.settings"] = R"({"backend":"local"})";
    h.start();
    h.frame();
    ASSERT_TRUE(h.click("button:Sign in"));
    // The page first checks that the consent page answers (a static host may not have one): a 500 is not
    // "missing", so the sign-in goes on.
    ASSERT_TRUE(h.until([&] { return h.p.navigated.size() == 1u; }));
    auto u = parse_url(h.p.navigated.back());
    ASSERT_TRUE(u);
    std::string state = param(parse_query(u->query), "state").value_or("");
    ASSERT_FALSE(state.empty());
    app::shutdown();  // back from the consent page with a code; the token endpoint answers 500
    h.p.href = base + "?code=abc&state=" + state;
    h.start();
    ASSERT_TRUE(h.until([&] { return h.bridge().value("error", "") != ""; }));
    std::string hint = h.bridge().value("hint", "");
    EXPECT_EQ(hint.find("may or may not"), std::string::npos) << hint;
    EXPECT_NE(hint.find("sign-in"), std::string::npos) << hint;
    ASSERT_TRUE(h.item("button:Retry"));
    auto retry = h.item("button:Retry");
    EXPECT_GE(retry->value("h", 0.0f), ImGui::GetFrameHeight() - 1) << "the Retry button is not clipped";
    size_t navigated = h.p.navigated.size();
    ASSERT_TRUE(h.click("button:Retry"));
    EXPECT_TRUE(h.until([&] { return h.p.navigated.size() == navigated + 1; })) << "Retry starts the sign-in again";
}

TEST(ErrorsInViews, AnalyticsShowTheApisErrorForAMistypedPin) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    ASSERT_TRUE(h.click("nav:Analytics"));
    s->analytics.pin_id = "123456789";  // no such pin
    ASSERT_TRUE(h.click("button:Load analytics"));
    ASSERT_TRUE(h.until([&] { return s->analytics.call && s->analytics.call->finished(); }));
    h.frame();
    ASSERT_TRUE(s->analytics.call->failed());
    EXPECT_EQ(s->analytics.call->error.kind, ErrorKind::NotFound);
    EXPECT_TRUE(h.item("button:Retry")) << "the API's error is shown with Retry, not a fixed sandbox message";
}
