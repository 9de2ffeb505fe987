// test_search_analytics_console.cpp — the account's other views headless: search finds pins and boards,
// analytics chart the account and a pin, the console lists the requests and copies one as curl.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/fake_platform.h"
#include "app/state.h"

using namespace pinlab;
using namespace pinlab::app;
using pinlab::app::test::Harness;

TEST(AppDemo, ConsoleListsRequestsAndCopiesCurl) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(h.click("nav:Console"));
    ASSERT_TRUE(h.until([&] { return !h.labels_with_prefix("console:row:").empty(); }));
    auto rows = h.labels_with_prefix("console:row:");
    ASSERT_TRUE(h.click(rows.back()));
    ASSERT_TRUE(h.until([&] { return h.item("button:Copy as curl").has_value(); }));
    ASSERT_TRUE(h.click("button:Copy as curl"));
    EXPECT_EQ(h.p.clipboard.rfind("curl", 0), 0u) << h.p.clipboard;
    EXPECT_EQ(h.p.clipboard.find("pina."), std::string::npos) << "tokens must be redacted";
}

TEST(AppDemo, SearchFindsPinsAndBoards) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(h.click("nav:Search"));
    ASSERT_TRUE(h.until([&] { return h.item("input:Search").has_value(); }));
    // An empty query is explained, not sent.
    ASSERT_TRUE(h.click("button:Search"));
    h.frame();
    EXPECT_NE(h.bridge().value("error", ""), "");
    EXPECT_FALSE(state_for_tests()->search.searched);
    ASSERT_TRUE(h.click("button:Dismiss"));
    h.frame();  // the layout without the error box
    EXPECT_EQ(h.bridge().value("error", "x"), "");
    ASSERT_TRUE(h.click("input:Search"));
    h.type("pasta");
    ASSERT_TRUE(h.click("button:Search"));
    AppState* s = state_for_tests();
    ASSERT_TRUE(h.until([&] { return s->search.pins.pager.pages > 0 && !s->search.pins.pager.loading; }))
        << "query '" << s->search.query << "' error " << h.bridge().value("error", "") << " searched " << s->search.searched;
    json b = h.bridge();
    EXPECT_EQ(b.value("view", ""), "search");
    EXPECT_EQ(b.value("error", "x"), "");
    ASSERT_GT(b.value("pins_loaded", 0), 0);
    for (const auto& p : s->search.pins.pager.items) {
        std::string text = p.title.value_or("") + " " + p.description.value_or("") + " " + p.alt_text.value_or("");
        std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
        EXPECT_NE(text.find("pasta"), std::string::npos) << p.id << ": " << text;
    }
    // Boards by name.
    s->search.query.clear();
    ASSERT_TRUE(h.click("input:Search"));
    h.type("Baking");
    ASSERT_TRUE(h.click("button:Search"));
    ASSERT_TRUE(h.until([&] { return !h.labels_with_prefix("board-result:").empty(); }));
    EXPECT_TRUE(h.item("board-result:Sourdough & Baking"));
}

TEST(AppDemo, AnalyticsChartsForAccountAndPin) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(h.click("nav:Analytics"));
    ASSERT_TRUE(h.until([&] { return h.item("chart:IMPRESSION").has_value(); }));
    AppState* s = state_for_tests();
    ASSERT_TRUE(s->analytics.call && s->analytics.call->done());
    EXPECT_EQ(h.bridge().value("error", "x"), "");
    auto chart = h.item("chart:IMPRESSION");
    EXPECT_GT(chart->value("w", 0.0f), 100.0f);
    EXPECT_GT(chart->value("h", 0.0f), 50.0f);
    const auto& groups = s->analytics.call->value->groups;
    ASSERT_FALSE(groups.empty());
    EXPECT_FALSE(groups.begin()->second.daily_metrics.empty());
    // One pin's analytics from its page.
    h.open_first_board();
    auto pins = h.labels_with_prefix("pin:");
    ASSERT_FALSE(pins.empty());
    ASSERT_TRUE(h.click(pins.front()));
    ASSERT_TRUE(h.until([&] { return h.item("button:Analytics").has_value(); }));
    ASSERT_TRUE(h.click("button:Analytics"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("view", "") == "analytics" && s->analytics.call &&
                                     s->analytics.call->finished() && h.item("chart:IMPRESSION"); }));
    EXPECT_EQ(s->analytics.pin_id, pins.front().substr(4));
    EXPECT_TRUE(s->analytics.call->done()) << s->analytics.call->error.describe();
    bool pin_request = false;
    for (const auto& e : s->client()->log().entries())
        pin_request = pin_request || e.url.find("/pins/" + s->analytics.pin_id + "/analytics") != std::string::npos;
    EXPECT_TRUE(pin_request);
}

// Right-clicks (a long-press on touch arrives as one) the item with `label`; false if absent.
static bool right_click(Harness& h, const std::string& label) {
    auto it = h.item(label);
    if (!it) return false;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(it->value("x", 0.0f) + it->value("w", 0.0f) / 2, it->value("y", 0.0f) + it->value("h", 0.0f) / 2);
    h.frame();
    io.MouseDown[1] = true;
    h.frame();
    io.MouseDown[1] = false;
    h.frame();
    io.MousePos = ImVec2(-1, -1);
    return true;
}

// A value of a response body in the console, clicked or right-clicked: copy it, or where it is.
TEST(AppDemo, AConsoleBodyValueCopiesItselfAndItsJsonPath) {
    Harness h;
    ImGui::GetIO().DisplaySize = ImVec2(1280, 4000);
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(h.click("nav:Console"));
    AppState* s = state_for_tests();
    uint64_t id = 0;
    ASSERT_TRUE(h.until([&] {
        if (const RequestLog* log = s->console.log(*s))
            for (const auto& e : log->entries())
                if (e.done && e.status == 200 && e.url.find("/user_account") != std::string::npos) id = e.id;
        return id != 0 && h.item("console:row:" + std::to_string(id)).has_value();
    }));
    ASSERT_TRUE(h.click("console:row:" + std::to_string(id)));
    ASSERT_TRUE(h.until([&] { return h.item("response:/username").has_value(); }));
    const std::string username = h.bridge().value("user", "");
    ASSERT_FALSE(username.empty());
    ASSERT_TRUE(h.click("response:/username"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Copy value").has_value(); }, 5));
    ASSERT_TRUE(h.click("button:Copy value"));
    EXPECT_EQ(h.p.clipboard, username);
    h.frame();
    EXPECT_FALSE(h.item("button:Copy value").has_value()) << "the menu closes once used";
    ASSERT_TRUE(right_click(h, "response:/username"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Copy JSON path").has_value(); }, 5));
    ASSERT_TRUE(h.click("button:Copy JSON path"));
    EXPECT_EQ(h.p.clipboard, "$.username");
    // A number is copied as its JSON text.
    ASSERT_TRUE(h.item("response:/follower_count").has_value());
    ASSERT_TRUE(h.click("response:/follower_count"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Copy value").has_value(); }, 5));
    ASSERT_TRUE(h.click("button:Copy value"));
    const RequestLog* log = s->console.log(*s);
    ASSERT_TRUE(log && log->find(id));
    auto body = json_parse(log->find(id)->response_body);
    ASSERT_TRUE(body && body->contains("follower_count"));
    EXPECT_EQ(h.p.clipboard, json_dump((*body)["follower_count"]));
}
