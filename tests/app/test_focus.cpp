// test_focus.cpp — focus and messages where the user expects them, with real keys: opening Search puts the
// typed keys in its field and Enter searches; "New section" focuses its field and Enter creates the section;
// the status line follows the latest action; New board's name takes the keys and Enter saves it; a deep link
// highlights only the operation it names.
#include <gtest/gtest.h>
#include <imgui.h>

#include "app/fake_platform.h"
#include "app/state.h"

using namespace pinlab;
using namespace pinlab::app;
using pinlab::app::test::Harness;

namespace {
void press_enter(Harness& h) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeysDown[ImGuiKey_Enter] = true;
    h.frame();
    io.KeysDown[ImGuiKey_Enter] = false;
    h.frame();
}
}  // namespace

TEST(Focus, OpeningSearchTakesTheKeysAndEnterSearches) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    ASSERT_TRUE(h.click("nav:Search"));
    h.frame();
    h.type("cat");  // no click into the field first
    EXPECT_EQ(s->search.query, "cat") << "the first keys typed are not lost";
    press_enter(h);
    ASSERT_TRUE(h.until([&] { return s->search.searched && !s->search.busy(); }));
    EXPECT_EQ(h.bridge().value("view", ""), "search");
}

TEST(Focus, NewSectionTakesTheKeysAndEnterCreatesIt) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    ASSERT_FALSE(h.open_first_board().empty());
    const std::string board = s->nav.board_id;
    ASSERT_TRUE(h.until([&] { return s->boards.sections_board == board && s->boards.sections.done; }));
    ASSERT_TRUE(h.click("button:New section"));
    h.frame();
    h.type("Picnics");
    EXPECT_EQ(s->boards.section_name, "Picnics");
    press_enter(h);
    ASSERT_TRUE(h.until([&] { return h.item("tab:Picnics").has_value(); })) << "Enter created the section";
    EXPECT_FALSE(s->boards.section_form_open);
}

// The status line describes what is true now: after a delete it no longer says the pin was created.
TEST(Focus, TheStatusLineFollowsTheLatestAction) {
    Harness h;
    ASSERT_TRUE(h.open_demo_create("Cat"));
    AppState* s = state_for_tests();
    ASSERT_TRUE(h.click("button:Create pin"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("view", "") == "pin" && s->pins.pin.has_value(); }));
    EXPECT_EQ(h.bridge().value("status", ""), "Pin created");
    ASSERT_TRUE(h.until([&] { return h.item("button:Delete pin").has_value(); }));
    ASSERT_TRUE(h.click("button:Delete pin"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Confirm delete").has_value(); }, 5));
    ASSERT_TRUE(h.click("button:Confirm delete"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("view", "") == "board"; }));
    EXPECT_EQ(h.bridge().value("status", ""), "Pin deleted");
}

// A rule the text broke is not shown after the text changed ("got 950" once the user has cut it).
TEST(Focus, ARuleMessageGoesOnceTheTextChanges) {
    Harness h;
    ASSERT_TRUE(h.open_demo_create("", std::string(950, 'a')));
    AppState* s = state_for_tests();
    ASSERT_TRUE(h.click("button:Create pin"));
    ASSERT_TRUE(h.until([&] { return !s->pins.create.error.ok(); }));
    EXPECT_NE(h.bridge().value("error", "").find("got 950"), std::string::npos) << h.bridge().value("error", "");
    ASSERT_TRUE(h.click("input:Description"));
    ImGuiIO& io = ImGui::GetIO();
    io.KeysDown[ImGuiKey_Backspace] = true;
    h.frame();
    io.KeysDown[ImGuiKey_Backspace] = false;
    h.frame();
    EXPECT_EQ(s->pins.create.description.size(), 949u) << "what was typed stays";
    EXPECT_TRUE(s->pins.create.error.ok());
    EXPECT_EQ(h.bridge().value("error", "?"), "");
}

TEST(Focus, NewBoardTakesTheKeysInItsName) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    ASSERT_TRUE(h.click("nav:Boards"));
    ASSERT_TRUE(h.until([&] { return h.item("button:New board").has_value(); }));
    ASSERT_TRUE(h.click("button:New board"));
    ASSERT_TRUE(h.until([&] { return h.item("input:Board name").has_value(); }, 5));
    h.type("Trips");
    EXPECT_EQ(s->boards.form.name, "Trips");
    EXPECT_TRUE(s->boards.form.description.empty());
    press_enter(h);  // Enter in the name saves the board, as in any form
    auto saved = [&] {
        for (const Board& b : s->boards.list.items)
            if (b.name == "Trips") return true;
        return false;
    };
    ASSERT_TRUE(h.until([&] { return !s->boards.form.open && saved(); })) << "Enter saved it";
}

// A deep link selects what it names: no other row stays highlighted next to it, though the filter typed
// before does not match it.
TEST(Focus, ADeepLinkHighlightsOnlyTheOperationItNames) {
    Harness h("http://127.0.0.1:8080/#/explorer");
    AppState* s = state_for_tests();
    ASSERT_TRUE(h.until([&] { return s->explorer.index_state == Explorer::Load::Ready; }));
    ASSERT_TRUE(h.click("input:Filter operations"));
    h.type("campaigns/create");
    press_enter(h);
    ASSERT_TRUE(h.until([&] { return s->explorer.selected == "campaigns/create"; }));
    h.p.set_hash("#/explorer/boards/list");
    ASSERT_TRUE(h.until([&] { return s->explorer.selected == "boards/list"; }));
    h.frame();
    EXPECT_EQ(s->explorer.cursor_id, "boards/list") << "the row highlighted is the one the link names";
}
