// test_deferred_views.cpp — the views whose code may arrive after the first frame (app/views.h): until it has
// arrived they are not drawn and what they load is not asked for; when it arrives they start as if just
// opened; when it cannot be loaded the user reads why and can retry, and nothing else stops working.
#include <gtest/gtest.h>
#include <imgui.h>

#include "app/app.h"
#include "app/state.h"
#include "app/ui/theme.h"
#include "app/views.h"
#include "fake_platform.h"

using namespace pinlab;
using namespace pinlab::app;
using pinlab::app::test::Harness;
using Code = Platform::Code;

TEST(DeferredViews, WhichViewsWaitForTheSecondModule) {
    for (Route r : {Route::Explorer, Route::Console, Route::Analytics, Route::Faults, Route::Create, Route::Search,
                    Route::Pin})
        EXPECT_TRUE(is_deferred_view(r)) << static_cast<int>(r);
    // What a first visit and the usual browsing draw is in the page's first module.
    for (Route r : {Route::Connect, Route::Profile, Route::Boards, Route::Board, Route::Pins})
        EXPECT_FALSE(is_deferred_view(r)) << static_cast<int>(r);
}

TEST(DeferredViews, NotDrawnUntilTheCodeArrivesThenEnteredAsIfJustOpened) {
    Harness h;
    h.p.views = Code::Idle;
    ASSERT_TRUE(h.sign_in_demo());  // Connect and Profile need nothing deferred
    EXPECT_EQ(h.p.views_loads, 0) << "nothing deferred was drawn, so nothing was fetched";

    ASSERT_TRUE(h.click("nav:Analytics"));
    h.frame();
    EXPECT_EQ(h.p.views_loads, 1) << "opening the view asks for its code once";
    EXPECT_EQ(h.p.views, Code::Loading);
    EXPECT_TRUE(h.item("status:Loading this view"));
    EXPECT_FALSE(h.item("combo:Range")) << "the view itself is not drawn";
    AppState* s = state_for_tests();
    ASSERT_NE(s, nullptr);
    EXPECT_FALSE(s->analytics.call) << "its data is not asked for before its code is there";
    EXPECT_TRUE(app::wants_frames()) << "the spinner turns while the code loads";

    h.frame();
    EXPECT_EQ(h.p.views_loads, 1) << "no second fetch while the first is on its way";

    h.p.views = Code::Ready;  // the second module arrived
    h.frame();
    EXPECT_TRUE(s->analytics.call) << "the view's enter ran once its code was there";
    h.frame();
    EXPECT_TRUE(h.item("combo:Range"));
    EXPECT_FALSE(h.item("status:Loading this view"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("busy", true) == false; }));
}

TEST(DeferredViews, ALoadThatFailsSaysWhyAndRetries) {
    Harness h;
    h.p.views = Code::Failed;
    h.p.views_error = "HTTP 404 for pinlab-views.wasm";
    h.p.href = "http://127.0.0.1:8080/#/explorer";
    h.frame();
    h.frame();
    json b = h.bridge();
    EXPECT_EQ(b.value("view", ""), "explorer");
    EXPECT_NE(b.value("error", "").find("HTTP 404 for pinlab-views.wasm"), std::string::npos) << b.dump();
    EXPECT_TRUE(b["explorer"].is_null()) << "the Explorer's own state is not read without its code";
    EXPECT_EQ(h.p.views_loads, 0) << "a failed load is retried by the user, not in a loop";
    // Meanwhile the rest of the app works, and the error stays with the view it belongs to.
    ASSERT_TRUE(h.click("nav:Sign in"));
    h.frame();
    b = h.bridge();
    EXPECT_EQ(b.value("view", ""), "connect");
    EXPECT_EQ(b.value("error", "?"), "");
    EXPECT_TRUE(h.item("backend:demo"));
    ASSERT_TRUE(h.click("nav:Explorer"));
    h.frame();
    EXPECT_NE(h.bridge().value("error", "").find("could not be loaded"), std::string::npos);
    ASSERT_TRUE(h.click("button:Retry"));
    EXPECT_EQ(h.p.views_loads, 1);
    EXPECT_EQ(h.p.views, Code::Loading);
    h.frame();
    EXPECT_TRUE(h.item("status:Loading this view"));
    EXPECT_EQ(h.bridge().value("error", "?"), "");
}

TEST(DeferredViews, APointerOverAPinFetchesThePinViewsCodeBeforeTheClick) {
    Harness h;
    h.p.views = Code::Idle;
    ASSERT_TRUE(h.sign_in_demo());
    h.open_first_board();
    ASSERT_TRUE(h.until([&] { return !h.labels_with_prefix("pin:").empty(); }));
    EXPECT_EQ(h.p.views_loads, 0) << "the grid alone needs nothing deferred";
    const std::string pin = h.labels_with_prefix("pin:").front();
    auto it = h.item(pin);
    ASSERT_TRUE(it);
    ImGui::GetIO().MousePos = ImVec2((it->value("x", 0.0f) + 5) * ui_scale(), (it->value("y", 0.0f) + 5) * ui_scale());
    h.frame();
    EXPECT_EQ(h.p.views_loads, 1) << "hovering a pin starts fetching the pin view";
    h.p.views = Code::Ready;
    ASSERT_TRUE(h.click(pin));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("view", "") == "pin" && h.item("button:Edit pin").has_value(); }));
    EXPECT_EQ(h.p.views_loads, 1);
}

TEST(DeferredViews, APointerOverExplorerFetchesItsCodeAndTheCatalogueBeforeTheClick) {
    Harness h;
    h.p.views = Code::Idle;
    h.frame();
    ASSERT_TRUE(h.until([&] { return h.item("nav:Explorer").has_value(); }));
    EXPECT_EQ(h.p.views_loads, 0);
    EXPECT_EQ(h.p.demo.catalogue(), nullptr);
    auto it = h.item("nav:Explorer");
    ImGui::GetIO().MousePos = ImVec2((it->value("x", 0.0f) + 5) * ui_scale(), (it->value("y", 0.0f) + 5) * ui_scale());
    h.frame();
    h.frame();
    EXPECT_EQ(h.p.views_loads, 1) << "hovering Explorer starts fetching its code";
    EXPECT_NE(h.p.demo.catalogue(), nullptr) << "and the catalogue its list is drawn from";
    EXPECT_EQ(h.bridge().value("view", ""), "connect") << "a hover opens nothing";
}

TEST(DeferredViews, TheCatalogueLoadsWhileTheExplorersCodeIsOnItsWay) {
    Harness h;
    h.p.views = Code::Idle;
    h.p.href = "http://127.0.0.1:8080/#/explorer";
    h.frame();
    ASSERT_TRUE(h.until([&] { return h.p.demo.catalogue() != nullptr; }, 60))
        << "the spec service was asked before the Explorer's code arrived";
    EXPECT_EQ(h.p.views, Code::Loading);
    EXPECT_TRUE(h.bridge()["explorer"].is_null());
    h.p.views = Code::Ready;
    ASSERT_TRUE(h.until([&] {
        json e = h.bridge()["explorer"];
        return e.is_object() && e.value("index", "") == "ready";
    }));
    EXPECT_EQ(h.bridge()["explorer"].value("ops", 0), 231);
}
