// test_pin_view.cpp — the pin view: the whole image scales with the screen and keeps its aspect, the section
// name, Save reachable and Enter saving, a description wrapping at the field's width without changing it.
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

TEST(PinView, TheWholeImageScalesWithTheScreenAndKeepsItsAspect) {
    Harness h;
    ImGui::GetIO().DisplaySize = ImVec2(1920, 1080);
    ASSERT_TRUE(h.sign_in_demo());
    h.open_first_board();
    auto pins = h.labels_with_prefix("pin:");
    ASSERT_FALSE(pins.empty());
    ASSERT_TRUE(h.click(pins.front()));
    ASSERT_TRUE(h.until([&] { return h.item("image:pin").has_value() && state_for_tests()->pins.pin; }));
    for (int i = 0; i < 5; ++i) h.frame();  // the image loads (100×100 in the fake platform)
    auto img = h.item("image:pin");
    ASSERT_TRUE(img);
    const float w = img->value("w", 0.0f), hh = img->value("h", 0.0f);
    const Pin& pin = *state_for_tests()->pins.pin;
    const CachedImage* ci = state_for_tests()->images.find(pin_image_url(pin, "1200x", 1200));
    ASSERT_TRUE(ci && ci->state == ImageState::Ready);
    EXPECT_NEAR(w / hh, static_cast<float>(ci->width) / ci->height, 0.02f) << "the image's own aspect, not a crop";
    EXPECT_TRUE(w > 700 || hh > 900) << "as large as the room allows, not a ~560 px column: " << w << "x" << hh;
    EXPECT_LE(img->value("y", 0.0f) + hh, 1080) << "it fits the height";
}

TEST(PinView, SectionNameSaveInViewAndEnterSaves) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    // A pin in a section, from All pins.
    ASSERT_TRUE(h.click("nav:Pins"));
    std::string pin_id, section_id;
    ASSERT_TRUE(h.until([&] {
        for (const auto& p : s->pins.all.pager.items)
            if (p.board_section_id && !p.board_section_id->empty()) {
                pin_id = p.id;
                section_id = *p.board_section_id;
                return true;
            }
        if (!s->pins.all.pager.loading && !s->pins.all.pager.done) s->pins.all.pager.load_more();
        return false;
    }, 600));
    s->go(Nav{Route::Pin, "", "", pin_id});
    ASSERT_TRUE(h.until([&] { return !h.labels_with_prefix("section:").empty(); }));
    std::string label = h.labels_with_prefix("section:").front();
    ASSERT_TRUE(h.until([&] {
        auto l = h.labels_with_prefix("section:");
        return !l.empty() && l.front() != "section:" + section_id;
    })) << "the section's name, not its ID: " << label;
    // Edit at 1280×800: Save changes is on screen.
    ASSERT_TRUE(h.click("button:Edit pin"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Save changes").has_value(); }, 10))
        << "Save changes must be reachable without scrolling";
    // Enter in the title saves.
    ASSERT_TRUE(h.click("input:Title"));
    h.type(" (edited)");
    ImGuiIO& io = ImGui::GetIO();
    io.KeysDown[ImGuiKey_Enter] = true;
    h.frame();
    io.KeysDown[ImGuiKey_Enter] = false;
    h.frame();
    ASSERT_TRUE(h.until([&] { return !s->pins.edit.open; }));
    ASSERT_TRUE(s->pins.pin);
    EXPECT_NE(s->pins.pin->title.value_or("").find("(edited)"), std::string::npos);
}

TEST(PinView, DescriptionWrapsAtTheFieldsWidthWithoutChangingTheText) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    h.open_first_board();
    ASSERT_TRUE(h.click(h.labels_with_prefix("pin:").front()));
    ASSERT_TRUE(h.until([&] { return h.item("button:Edit pin").has_value(); }));
    ASSERT_TRUE(h.click("button:Edit pin"));
    ASSERT_TRUE(h.until([&] { return h.item("input:Description").has_value(); }, 10));
    s->pins.edit.description.clear();
    ASSERT_TRUE(h.click("input:Description"));
    std::string words;
    for (int i = 0; i < 40; ++i) words += "word" + std::to_string(i) + " ";
    h.type(words);
    h.frame();
    EXPECT_EQ(s->pins.edit.description, words) << "no break is added to the text itself";
    // The field shows it on several lines: its buffer has soft breaks.
    ImGuiInputTextState* st = ImGui::GetInputTextState(ImGui::GetActiveID());
    ASSERT_NE(st, nullptr);
    int lines = 1;
    for (int i = 0; i < st->CurLenW; ++i) lines += st->TextW[i] == '\n';
    EXPECT_GT(lines, 2) << "the description wraps";
}

// The pin's and the board's fields on their pages, clicked: Copy value, Copy JSON path.
TEST(PinView, AFieldCopiesItsValueAndItsJsonPath) {
    Harness h;
    ImGui::GetIO().DisplaySize = ImVec2(1280, 2000);
    ASSERT_TRUE(h.sign_in_demo());
    h.open_first_board();
    AppState* s = state_for_tests();
    const std::string board_id = s->nav.board_id;
    ASSERT_TRUE(s->boards.cache.count(board_id));
    ASSERT_TRUE(h.until([&] { return h.item("value:$.name").has_value(); }));
    ASSERT_TRUE(h.click("value:$.name"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Copy value").has_value(); }, 5));
    ASSERT_TRUE(h.click("button:Copy value"));
    EXPECT_EQ(h.p.clipboard, s->boards.cache[board_id].name);

    auto pins = h.labels_with_prefix("pin:");
    ASSERT_FALSE(pins.empty());
    ASSERT_TRUE(h.click(pins.front()));
    ASSERT_TRUE(h.until([&] { return s->pins.pin && h.item("value:$.id").has_value(); }));
    const Pin pin = *s->pins.pin;
    ASSERT_TRUE(h.click("value:$.id"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Copy value").has_value(); }, 5));
    ASSERT_TRUE(h.click("button:Copy value"));
    EXPECT_EQ(h.p.clipboard, pin.id);
    // The board is shown by its name and ID; the value copied is the ID alone.
    ASSERT_TRUE(pin.board_id);
    ASSERT_TRUE(h.click("value:$.board_id"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Copy JSON path").has_value(); }, 5));
    ASSERT_TRUE(h.click("button:Copy JSON path"));
    EXPECT_EQ(h.p.clipboard, "$.board_id");
    ASSERT_TRUE(h.click("value:$.board_id"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Copy value").has_value(); }, 5));
    ASSERT_TRUE(h.click("button:Copy value"));
    EXPECT_EQ(h.p.clipboard, *pin.board_id);
    // A drag across a value selects its text (in the page's text layer) and opens no menu.
    auto at = h.item("value:$.id");
    ASSERT_TRUE(at);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(at->value("x", 0.0f) + 1, at->value("y", 0.0f) + at->value("h", 0.0f) / 2);
    h.frame();
    io.MouseDown[0] = true;
    h.frame();
    io.MousePos.x += 40;
    h.frame();
    io.MouseDown[0] = false;
    h.frame();
    h.frame();
    EXPECT_FALSE(h.item("button:Copy value").has_value());
}
