// test_navigation.cpp — addresses: a deep link to a pin and Back, a deep link before sign-in honoured after it,
// and hash routes round-tripping.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/fake_platform.h"
#include "app/state.h"

using namespace pinlab;
using namespace pinlab::app;
using pinlab::app::test::Harness;

TEST(AppDemo, DeepLinkToPinAndBack) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    h.open_first_board();
    auto pins = h.labels_with_prefix("pin:");
    ASSERT_FALSE(pins.empty());
    std::string board_hash = h.bridge().value("hash", "");
    std::string id = pins.back().substr(4);
    // A typed deep link.
    h.p.set_hash("#/pins/" + id);
    ASSERT_TRUE(h.until([&] { return h.bridge().value("view", "") == "pin" && h.item("button:Edit pin"); }));
    AppState* s = state_for_tests();
    ASSERT_TRUE(s->pins.pin.has_value());
    EXPECT_EQ(s->pins.pin->id, id);
    // Back.
    h.p.set_hash(board_hash);
    ASSERT_TRUE(h.until([&] { return h.bridge().value("view", "") == "board"; }));
}

TEST(AppDemo, DeepLinkBeforeSignInIsHonoured) {
    Harness h("http://127.0.0.1:8080/#/console");
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(h.until([&] { return h.bridge().value("view", "") == "console"; }));
}

TEST(AppRoutes, HashRoundTrip) {
    for (const char* h : {"#/profile", "#/boards", "#/pins", "#/boards/123", "#/boards/123/sections/45", "#/pins/9",
                          "#/create",
                          "#/search", "#/analytics", "#/console", "#/token"}) {
        auto n = parse_hash(h);
        ASSERT_TRUE(n) << h;
        EXPECT_EQ(to_hash(*n), h);
    }
    EXPECT_EQ(parse_hash("#/pins/")->route, Route::Pins);  // All pins (a pin needs an id)
    EXPECT_FALSE(parse_hash("#/nope"));
    EXPECT_FALSE(parse_hash("#/boards/1/x/2"));
    EXPECT_FALSE(parse_hash("#/pins/a b"));
    EXPECT_EQ(parse_hash("")->route, Route::Connect);
}
