// test_boards_and_pins.cpp — boards, a board's pins with their images, the create-pin form (what was typed kept
// after a failed submit, a pin from a URL opened), a thousand-pin grid submitting only what is visible, All
// pins loading more on scroll and reporting at_bottom, and sections (create, rename, delete).
#include <gtest/gtest.h>

#include <algorithm>

#include "app/fake_platform.h"
#include "app/state.h"

using namespace pinlab;
using namespace pinlab::app;
using pinlab::app::test::Harness;

TEST(AppDemo, BoardsThenBoardPinsWithImages) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    std::string board = h.open_first_board();
    ASSERT_FALSE(board.empty());
    json b = h.bridge();
    EXPECT_EQ(b.value("view", ""), "board");
    EXPECT_EQ(b.value("hash", "").rfind("#/boards/", 0), 0u);
    // Images come from the Demo emulator (platform demo_image), only for drawn pins, rendered at the
    // width they are drawn (rounded up to 64 px), not at the variant's 600 px.
    ASSERT_TRUE(h.until([&] { return h.bridge().value("images_ready", 0) >= 4; }));
    ASSERT_FALSE(h.p.demo_image_widths.empty());
    for (int w : h.p.demo_image_widths) {
        EXPECT_GT(w, 0);
        EXPECT_EQ(w % 64, 0);
        EXPECT_LT(w, 600);
    }
    auto pins = h.labels_with_prefix("pin:");
    EXPECT_FALSE(pins.empty());
    EXPECT_LT(pins.size(), h.bridge().value("pins_loaded", 0u) + 1);
    EXPECT_TRUE(h.p.net.sent.empty());
    // Open a pin: its view has the actions.
    ASSERT_TRUE(h.click(pins.front()));
    ASSERT_TRUE(h.until([&] { return h.item("button:Delete pin").has_value(); }));
    EXPECT_EQ(h.bridge().value("hash", ""), "#/" + std::string("pins/") + pins.front().substr(4));
}

TEST(AppDemo, CreatePinKeepsTypedTextAfterFailedSubmit) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(h.click("nav:Create"));
    ASSERT_TRUE(h.until([&] { return h.item("input:Title").has_value(); }));
    ASSERT_TRUE(h.click("input:Title"));
    h.type("My pin title");
    ASSERT_TRUE(h.click("input:Image URL"));
    h.type("ftp://not-an-image");
    // Choose a board through the combo.
    ASSERT_TRUE(h.until([&] { return state_for_tests()->boards.list.done; }));
    ASSERT_TRUE(h.choose_first_option("combo:Board"));
    ASSERT_TRUE(h.click("button:Create pin"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("error", "") != ""; }));
    AppState* s = state_for_tests();
    EXPECT_EQ(s->pins.create.title, "My pin title");
    EXPECT_EQ(s->pins.create.image_url, "ftp://not-an-image");
    EXPECT_FALSE(s->pins.create.board_id.empty());
    EXPECT_EQ(h.bridge().value("view", ""), "create");
    EXPECT_TRUE(h.item("input:Title"));
}

TEST(AppDemo, CreatePinFromUrlOpensIt) {
    Harness h;
    ASSERT_TRUE(h.open_demo_create("Cat"));
    AppState* s = state_for_tests();
    ASSERT_TRUE(h.click("button:Create pin"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("view", "") == "pin"; }));
    ASSERT_TRUE(s->pins.pin.has_value());
    EXPECT_EQ(s->pins.pin->title.value_or(""), "Cat");
    EXPECT_TRUE(s->pins.create.title.empty());  // cleared after success only
}

TEST(AppDemo, ThousandPinGridSubmitsOnlyVisibleItems) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    std::string board = h.open_first_board();
    ASSERT_FALSE(board.empty());
    AppState* s = state_for_tests();
    // The rest of the board through the footer's "Load more" (the grid only auto-loads near its end).
    ASSERT_TRUE(h.until([&] {
        if (!s->pins.grid.pager.loading && !s->pins.grid.pager.done) h.click("button:Load more");
        return s->pins.grid.pager.done;
    }));
    // Cheap synchronous images from the fake platform (emulator rendering under ASan is slow).
    s->images.set_demo(false);
    // Grow the loaded grid to 1,000 pins (copies with distinct ids) without more requests.
    auto& items = s->pins.grid.pager.items;
    ASSERT_FALSE(items.empty());
    const size_t base = items.size();
    for (size_t i = base; i < 1000; ++i) {
        Pin p = items[i % base];
        p.id = "9" + std::to_string(100000 + i);
        items.push_back(p);
    }
    h.frame();
    EXPECT_EQ(h.bridge().value("pins_loaded", 0), 1000);
    auto first = h.labels_with_prefix("pin:");
    ASSERT_FALSE(first.empty());
    EXPECT_LT(first.size(), 80u) << "only visible pins are submitted";
    // Scroll down with the wheel: other pins become the visible ones; still a bounded number.
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(640, 500);
    for (int i = 0; i < 40; ++i) {
        io.MouseWheel = -10;
        h.frame();
    }
    io.MouseWheel = 0;
    h.frame();
    auto later = h.labels_with_prefix("pin:");
    ASSERT_FALSE(later.empty());
    EXPECT_LT(later.size(), 80u);
    EXPECT_NE(first.front(), later.front());
}

TEST(AppDemo, AllPinsLoadsMoreOnScrollAndReportsAtBottom) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    s->images.set_demo(false);  // cheap synchronous images from the fake platform (ASan)
    ASSERT_TRUE(h.click("nav:Pins"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("pins_loaded", 0) >= 100; }));
    json b = h.bridge();
    EXPECT_EQ(b.value("view", ""), "pins");
    EXPECT_EQ(b.value("hash", ""), "#/pins");
    EXPECT_EQ(s->pins.all.pager.pages, 1);
    EXPECT_EQ(b.value("pins_loaded", 0), 100);  // page_size 100
    EXPECT_FALSE(b.value("at_bottom", true));
    EXPECT_FALSE(h.labels_with_prefix("pin:").empty());
    // Scroll with the wheel: pages load as the end comes near, until all 1,000 demo pins are in and
    // the grid sits at its end.
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(640, 500);
    bool bottom = false;
    for (int i = 0; i < 1500 && !bottom; ++i) {
        io.MouseWheel = -10;
        h.frame();
        bottom = h.bridge().value("at_bottom", false);
    }
    io.MouseWheel = 0;
    ASSERT_TRUE(bottom);
    EXPECT_TRUE(s->pins.all.pager.done);
    EXPECT_EQ(h.bridge().value("pins_loaded", 0), 1000);
    EXPECT_EQ(s->pins.all.pager.pages, 10);
    auto visible = h.labels_with_prefix("pin:");
    ASSERT_FALSE(visible.empty());
    EXPECT_LT(visible.size(), 80u);
    EXPECT_EQ(visible.back(), "pin:" + s->pins.all.pager.items.back().id);  // the last pin is on screen
    EXPECT_TRUE(h.p.net.sent.empty());
}

TEST(AppDemo, SectionsCreateRenameDelete) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    h.open_first_board();
    AppState* s = state_for_tests();
    const std::string board = s->nav.board_id;
    ASSERT_TRUE(h.until([&] { return s->boards.sections_board == board && s->boards.sections.done; }));
    ASSERT_TRUE(h.click("button:New section"));
    ASSERT_TRUE(h.click("input:Section name"));
    h.type("Weekend");
    ASSERT_TRUE(h.click("button:Create section"));
    ASSERT_TRUE(h.until([&] { return h.item("tab:Weekend").has_value(); }));
    // No section shown yet ("All pins"): no section actions.
    EXPECT_FALSE(h.item("button:Rename section"));
    ASSERT_TRUE(h.click("tab:Weekend"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Rename section").has_value(); }));
    const std::string sid = s->nav.section_id;
    ASSERT_FALSE(sid.empty());
    EXPECT_EQ(h.bridge().value("hash", ""), "#/boards/" + board + "/sections/" + sid);
    // Rename.
    ASSERT_TRUE(h.click("button:Rename section"));
    ASSERT_TRUE(h.until([&] { return h.item("input:New section name").has_value(); }, 5));
    ASSERT_TRUE(h.click("input:New section name"));
    h.type(" trips");
    ASSERT_TRUE(h.click("button:Save section"));
    ASSERT_TRUE(h.until([&] { return h.item("tab:Weekend trips").has_value(); }));
    EXPECT_FALSE(h.item("tab:Weekend"));
    EXPECT_FALSE(h.item("input:New section name"));  // the form closes after saving
    EXPECT_EQ(s->nav.section_id, sid);
    // Delete, cancelled first, then confirmed.
    ASSERT_TRUE(h.click("button:Delete section"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Confirm delete").has_value(); }, 5));
    ASSERT_TRUE(h.click("button:Cancel"));
    h.frame();
    EXPECT_TRUE(h.item("tab:Weekend trips"));
    ASSERT_TRUE(h.click("button:Delete section"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Confirm delete").has_value(); }, 5));
    ASSERT_TRUE(h.click("button:Confirm delete"));
    ASSERT_TRUE(h.until([&] { return !h.item("tab:Weekend trips") && s->nav.section_id.empty(); }));
    EXPECT_EQ(h.bridge().value("hash", ""), "#/boards/" + board);
    EXPECT_EQ(h.bridge().value("error", "x"), "");
    for (const auto& sec : s->boards.sections.items) EXPECT_NE(sec.id, sid);
    ASSERT_TRUE(h.until([&] { return h.bridge().value("pins_loaded", 0) > 0; }));  // the board's grid again
    EXPECT_EQ(s->pins.grid.key, "board:" + board);
    // Deleting a section while the board itself is shown reloads the board's grid (its pins went with it).
    ASSERT_TRUE(h.until([&] { return !s->pins.grid.pager.loading; }));
    s->boards.create_section(*s, board, "Brief");
    ASSERT_TRUE(h.until([&] { return h.item("tab:Brief").has_value(); }));
    std::string brief;
    for (const auto& sec : s->boards.sections.items)
        if (sec.name == "Brief") brief = sec.id;
    ASSERT_FALSE(brief.empty());
    s->pins.grid.pager.items.clear();  // what the grid showed before: a reload brings the board's pins back
    const uint64_t version = s->pins.grid.version;
    s->boards.delete_section(*s, board, brief);
    ASSERT_TRUE(h.until([&] { return !h.item("tab:Brief") && !s->pins.grid.pager.items.empty(); }));
    EXPECT_GT(s->pins.grid.version, version);
    EXPECT_EQ(s->pins.grid.key, "board:" + board);
    ASSERT_TRUE(h.until([&] { return h.bridge().value("pins_loaded", 0) > 0; }));
}
