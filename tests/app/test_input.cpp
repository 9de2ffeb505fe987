// test_input.cpp — the input model (app/input.h) with headless ImGui: the wheel scrolls the region under
// the pointer by the pixels reported and chains to the enclosing region at its end; a press and release
// within one frame are applied a frame apart; a tap clicks, a long press right-clicks, a drag scrolls
// and flings; Tab reaches buttons and skips disabled ones; Enter activates; Copy never takes a secret;
// focus going elsewhere on the page lets the edited field go; Alt+digit keeps the focus off the menu bar.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <functional>
#include <string>

#include "app/ui/input.h"

using namespace pinlab::app;
namespace in = pinlab::app::ui_input;

namespace {

// A bare ImGui context at 800×600, a font, and a frame driver that goes through the input model the
// way the browser runner does.
struct Ui {
    double now = 1000;
    Ui() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(800, 600);
        io.Fonts->AddFontDefault();
        unsigned char* px = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
        in::init(false);
    }
    ~Ui() {
        in::shutdown();
        ImGui::DestroyContext();
    }
    void frame(const std::function<void()>& draw, double dt = 16) {
        now += dt;
        ImGui::GetIO().DeltaTime = static_cast<float>(dt / 1000);
        in::begin_frame(now);
        ImGui::NewFrame();
        in::after_new_frame();
        draw();
        ImGui::Render();
    }
    void push(in::Type t, float x = 0, float y = 0, int button = 0) {
        in::Event e;
        e.type = t;
        e.x = x;
        e.y = y;
        e.button = button;
        e.t_ms = now;
        in::push(e);
    }
    void key(in::Type t, in::Key k, in::Mods m = {}) {
        in::Event e;
        e.type = t;
        e.key = k;
        e.mods = m;
        e.t_ms = now;
        in::push(e);
    }
    void wheel(float x, float y, float dy, float dx = 0) {
        in::Event e;
        e.type = in::Type::Wheel;
        e.x = x;
        e.y = y;
        e.dx = dx;
        e.dy = dy;
        e.t_ms = now;
        in::push(e);
    }
};

// A full-screen window holding a scrolling child (rows 0..199) and some room below it.
struct Page {
    float outer_scroll = 0, inner_scroll = 0, inner_max = 0;
    int clicked = -1, right_clicked = -1;
    void operator()() {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(800, 600));
        ImGui::Begin("page", nullptr, ImGuiWindowFlags_NoDecoration);
        ImGui::BeginChild("list", ImVec2(0, 300), true);
        for (int i = 0; i < 200; ++i) {
            ImGui::PushID(i);
            if (ImGui::Button("row", ImVec2(-1, 0))) clicked = i;
            if (ImGui::IsItemClicked(ImGuiMouseButton_Right)) right_clicked = i;
            ImGui::PopID();
        }
        inner_scroll = ImGui::GetScrollY();
        inner_max = ImGui::GetScrollMaxY();
        ImGui::EndChild();
        for (int i = 0; i < 60; ++i) ImGui::Text("below %d", i);
        outer_scroll = ImGui::GetScrollY();
        ImGui::End();
    }
};

}  // namespace

TEST(Input, WheelScrollsTheRegionUnderThePointerByItsPixels) {
    Ui ui;
    Page p;
    ui.frame(std::ref(p));
    ui.frame(std::ref(p));
    ui.wheel(400, 150, 100);  // one notch over the list
    ui.frame(std::ref(p));
    ui.frame(std::ref(p));
    EXPECT_FLOAT_EQ(p.inner_scroll, 100);
    EXPECT_FLOAT_EQ(p.outer_scroll, 0);
    ui.wheel(400, 150, -40);
    ui.frame(std::ref(p));
    ui.frame(std::ref(p));
    EXPECT_FLOAT_EQ(p.inner_scroll, 60);
    // Over the text below the list, the page itself scrolls.
    ui.wheel(400, 500, 100);
    ui.frame(std::ref(p));
    ui.frame(std::ref(p));
    EXPECT_FLOAT_EQ(p.outer_scroll, 100);
    EXPECT_FLOAT_EQ(p.inner_scroll, 60);
}

TEST(Input, WheelChainsToTheEnclosingRegionAtTheEnd) {
    Ui ui;
    Page p;
    ui.frame(std::ref(p));
    ui.frame(std::ref(p));
    const float max = p.inner_max;
    ASSERT_GT(max, 0);
    ui.wheel(400, 150, max + 50);  // the list takes what it can, the page the rest
    ui.frame(std::ref(p));
    ui.frame(std::ref(p));
    EXPECT_FLOAT_EQ(p.inner_scroll, max);
    EXPECT_FLOAT_EQ(p.outer_scroll, 50);
}

TEST(Input, PressAndReleaseInOneFrameStillClick) {
    Ui ui;
    Page p;
    ui.frame(std::ref(p));
    // Move, press and release all arrive before the next frame: ImGui 1.86 alone would see nothing.
    ui.push(in::Type::MouseMove, 400, 20);
    ui.push(in::Type::MouseDown, 400, 20, 0);
    ui.push(in::Type::MouseUp, 400, 20, 0);
    for (int i = 0; i < 4; ++i) ui.frame(std::ref(p));
    EXPECT_EQ(p.clicked, 0);
}

// One text field at the top-left of an 800×600 window, entered with a real click.
struct Field {
    std::string text;
    int flags = 0;
    bool secret = false;
    void operator()() {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(800, 600));
        ImGui::Begin("form", nullptr, ImGuiWindowFlags_NoDecoration);
        ImGui::SetNextItemWidth(400);
        ImGui::InputText("##t", &text, flags);
        if (secret) in::mark_secret();
        ImGui::End();
    }
};

void click_field(Ui& ui, Field& f) {
    ui.push(in::Type::MouseMove, 100, 15);
    ui.push(in::Type::MouseDown, 100, 15, 0);
    ui.push(in::Type::MouseUp, 100, 15, 0);
    for (int i = 0; i < 4; ++i) ui.frame(std::ref(f));
}

TEST(Input, QuickCtrlAIsNotLost) {
    Ui ui;
    Field f;
    f.text = "hello world";
    ui.frame(std::ref(f));
    click_field(ui, f);
    ASSERT_TRUE(ImGui::GetIO().WantTextInput);
    EXPECT_EQ(in::copy_text(), "hello world");  // nothing selected: a Copy takes it all, as ImGui does
    // Ctrl+A pressed and released before the next frame.
    in::Mods ctrl;
    ctrl.ctrl = true;
    ui.key(in::Type::KeyDown, in::Key::A, ctrl);
    ui.key(in::Type::KeyUp, in::Key::A, ctrl);
    ui.key(in::Type::KeyUp, in::Key::None);  // Ctrl released
    for (int i = 0; i < 3; ++i) ui.frame(std::ref(f));
    // Typed text replaces the selection: it was all selected.
    in::Event t;
    t.type = in::Type::Text;
    t.text = "é";
    in::push(t);
    ui.frame(std::ref(f));
    ui.frame(std::ref(f));
    EXPECT_EQ(f.text, "é");
}

TEST(Input, SecretFieldsAreNeverCopied) {
    Ui ui;
    Field f;
    f.text = "pina_secret";
    f.flags = ImGuiInputTextFlags_Password;
    f.secret = true;
    ui.frame(std::ref(f));
    click_field(ui, f);
    ASSERT_TRUE(ImGui::GetIO().WantTextInput);
    EXPECT_EQ(in::copy_text(), "");
    f.secret = false;  // the same field unmarked would be copied: the mark is what protects it
    ui.frame(std::ref(f));
    ui.frame(std::ref(f));
    EXPECT_EQ(in::copy_text(), "pina_secret");
}

TEST(Input, PasteGoesIntoTheActiveField) {
    Ui ui;
    Field f;
    ui.frame(std::ref(f));
    click_field(ui, f);
    ImGui::SetClipboardText("pina_pasted");  // what the platform put there from the paste event
    in::Event e;
    e.type = in::Type::Paste;
    in::push(e);
    for (int i = 0; i < 4; ++i) ui.frame(std::ref(f));
    EXPECT_EQ(f.text, "pina_pasted");
}

// The page's focus went to another element of the page: the field lets go, as a click outside it would, and
// keeps what was typed.
TEST(Input, FocusElsewhereOnThePageLetsTheFieldGo) {
    Ui ui;
    Field f;
    ui.frame(std::ref(f));
    click_field(ui, f);
    ASSERT_TRUE(ImGui::GetIO().WantTextInput);
    in::Event t;
    t.type = in::Type::Text;
    t.text = "kept";
    in::push(t);
    ui.frame(std::ref(f));
    ui.push(in::Type::FocusAway);
    ui.frame(std::ref(f));
    ui.frame(std::ref(f));
    EXPECT_FALSE(ImGui::GetIO().WantTextInput);
    EXPECT_EQ(GImGui->ActiveId, 0u);
    EXPECT_EQ(f.text, "kept");
    EXPECT_EQ(in::copy_text(), "") << "nothing to copy once no field is edited";
}

// Alt+digit (a view's shortcut) leaves the keyboard focus where it was: ImGui would move it to the menu bar
// when Alt is released with no character typed.
TEST(Input, AltDigitDoesNotMoveTheFocusToTheMenuBar) {
    Ui ui;
    auto draw = [] {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(800, 600));
        ImGui::Begin("app", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_MenuBar);
        if (ImGui::BeginMenuBar()) {
            ImGui::Button("Sign out");
            ImGui::EndMenuBar();
        }
        ImGui::Button("Content");
        ImGui::End();
    };
    ui.frame(draw);
    ui.push(in::Type::MouseMove, 100, 100);  // the window focused, as after a click
    ui.push(in::Type::MouseDown, 100, 100, 0);
    ui.push(in::Type::MouseUp, 100, 100, 0);
    for (int i = 0; i < 3; ++i) ui.frame(draw);
    ASSERT_EQ(GImGui->NavLayer, ImGuiNavLayer_Main);
    in::Mods alt;
    alt.alt = true;
    ui.key(in::Type::KeyDown, in::Key::None, alt);
    ui.frame(draw);
    ui.key(in::Type::KeyDown, in::Key::Digit9, alt);
    ui.frame(draw);
    ui.key(in::Type::KeyUp, in::Key::Digit9, alt);
    ui.frame(draw);
    ui.key(in::Type::KeyUp, in::Key::None);  // Alt released
    for (int i = 0; i < 3; ++i) ui.frame(draw);
    EXPECT_EQ(GImGui->NavLayer, ImGuiNavLayer_Main);
    // Alt alone still toggles, as ImGui means it to (the check above is not vacuous).
    ui.key(in::Type::KeyDown, in::Key::None, alt);
    ui.frame(draw);
    ui.key(in::Type::KeyUp, in::Key::None);
    for (int i = 0; i < 3; ++i) ui.frame(draw);
    EXPECT_EQ(GImGui->NavLayer, ImGuiNavLayer_Menu);
}

// A finger down at (400, y0) moving up `step` px a frame for `moves` frames (not lifted).
void drag_up(Ui& ui, Page& p, int finger, float y0, float step, int moves) {
    ui.push(in::Type::TouchDown, 400, y0, finger);
    ui.frame(std::ref(p));
    for (int i = 1; i <= moves; ++i) {
        ui.push(in::Type::TouchMove, 400, y0 - step * i, finger);
        ui.frame(std::ref(p));
    }
}

TEST(Input, TapClicksLongPressRightClicksDragScrollsAndFlings) {
    Ui ui;
    Page p;
    ui.frame(std::ref(p));
    ui.frame(std::ref(p));
    // Tap on row 2 (rows are ~ 23 px apart from y ≈ 16).
    ui.push(in::Type::TouchDown, 400, 62, 7);
    ui.frame(std::ref(p));
    ui.push(in::Type::TouchUp, 400, 62, 7);
    for (int i = 0; i < 5; ++i) ui.frame(std::ref(p));
    EXPECT_GE(p.clicked, 1);
    EXPECT_EQ(p.inner_scroll, 0);
    const int tapped = p.clicked;
    // Long press: held still past 500 ms.
    p.clicked = -1;
    ui.push(in::Type::TouchDown, 400, 62, 8);
    for (int i = 0; i < 40; ++i) ui.frame(std::ref(p));
    ui.push(in::Type::TouchUp, 400, 62, 8);
    for (int i = 0; i < 4; ++i) ui.frame(std::ref(p));
    EXPECT_EQ(p.right_clicked, tapped);
    EXPECT_EQ(p.clicked, -1) << "a long press is not also a click";
    // Drag up 120 px, hold still, lift: the list follows the finger exactly, no fling.
    drag_up(ui, p, 9, 250, 20, 6);
    for (int i = 0; i < 12; ++i) ui.frame(std::ref(p));  // 190 ms still
    ui.push(in::Type::TouchUp, 400, 130, 9);
    for (int i = 0; i < 30; ++i) ui.frame(std::ref(p));
    EXPECT_FLOAT_EQ(p.inner_scroll, 120);
    EXPECT_EQ(p.clicked, -1) << "a drag is not a click";
    // A quick flick: the list keeps moving after the finger lifts, then stops.
    drag_up(ui, p, 10, 250, 15, 4);
    ui.push(in::Type::TouchUp, 400, 190, 10);
    for (int i = 0; i < 200 && in::animating(); ++i) ui.frame(std::ref(p));
    EXPECT_FALSE(in::animating());
    EXPECT_GT(p.inner_scroll, 120 + 60 + 20) << "inertia carried it past the finger's 60 px";
}

TEST(Input, TabReachesButtonsSkipsDisabledAndEnterActivates) {
    Ui ui;
    int pressed = -1;
    std::string field;
    auto draw = [&] {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(800, 600));
        ImGui::Begin("form", nullptr, ImGuiWindowFlags_NoDecoration);
        if (ImGui::Button("one")) pressed = 1;
        ImGui::BeginDisabled();
        if (ImGui::Button("off")) pressed = 99;
        ImGui::EndDisabled();
        if (ImGui::Button("two")) pressed = 2;
        ImGui::InputText("##f", &field);
        ImGui::End();
    };
    ui.frame(draw);
    ui.frame(draw);
    auto tab = [&](bool shift = false) {
        in::Mods m;
        m.shift = shift;
        ui.key(in::Type::KeyDown, in::Key::Tab, m);
        ui.key(in::Type::KeyUp, in::Key::Tab, m);
        for (int i = 0; i < 6; ++i) ui.frame(draw);
    };
    auto press_enter = [&] {
        ui.key(in::Type::KeyDown, in::Key::Enter);
        ui.key(in::Type::KeyUp, in::Key::Enter);
        for (int i = 0; i < 4; ++i) ui.frame(draw);
    };
    tab();  // first control
    press_enter();
    EXPECT_EQ(pressed, 1);
    tab();  // skips the disabled one
    press_enter();
    EXPECT_EQ(pressed, 2);
    tab();  // the text field: Tab starts editing it, as a browser focuses a field
    EXPECT_TRUE(ImGui::GetIO().WantTextInput);
    tab(true);  // back to "two"
    EXPECT_FALSE(ImGui::GetIO().WantTextInput);
    pressed = -1;
    ui.key(in::Type::KeyDown, in::Key::Space);
    ui.key(in::Type::KeyUp, in::Key::Space);
    for (int i = 0; i < 4; ++i) ui.frame(draw);
    EXPECT_EQ(pressed, 2);
}

TEST(Input, AFieldBeingEditedStaysAboveAKeyboardThatShrinksTheScreen) {
    Ui ui;
    std::string text = "edit me";
    float scroll = 0;
    auto draw = [&] {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("page", nullptr, ImGuiWindowFlags_NoDecoration);
        for (int i = 0; i < 22; ++i) ImGui::Text("line %d", i);  // the field sits near y = 500
        ImGui::SetNextItemWidth(300);
        ImGui::InputText("##f", &text);
        for (int i = 0; i < 30; ++i) ImGui::Text("after %d", i);
        scroll = ImGui::GetScrollY();
        ImGui::End();
    };
    ui.frame(draw);
    ui.frame(draw);
    // Find the field's row and tap it.
    const float field_y = 8 + 22 * ImGui::GetTextLineHeightWithSpacing() + 8;
    ui.push(in::Type::MouseMove, 100, field_y);
    ui.push(in::Type::MouseDown, 100, field_y, 0);
    ui.push(in::Type::MouseUp, 100, field_y, 0);
    for (int i = 0; i < 4; ++i) ui.frame(draw);
    ASSERT_TRUE(ImGui::GetIO().WantTextInput);
    EXPECT_EQ(scroll, 0) << "visible already: nothing moves";
    // The on-screen keyboard takes the lower 300 px.
    ImGui::GetIO().DisplaySize = ImVec2(800, 300);
    for (int i = 0; i < 6; ++i) ui.frame(draw);
    float x = 0, y = 0, line = 0;
    ASSERT_TRUE(in::caret(&x, &y, &line));
    EXPECT_GT(scroll, 0);
    EXPECT_LE(y + line, 300) << "the caret is above the keyboard";
    EXPECT_GE(y, 0);
}

// Frames can be slow (a busy machine): a tap whose release is already queued is a tap, however late the
// frame that sees it.
TEST(Input, ATapSeenByALateFrameIsStillATap) {
    Ui ui;
    Page p;
    ui.frame(std::ref(p));
    ui.frame(std::ref(p));
    ui.push(in::Type::TouchDown, 400, 62, 3);
    ui.now += 40;
    ui.push(in::Type::TouchUp, 400, 62, 3);
    ui.frame(std::ref(p), 900);  // the next frame comes 900 ms later
    for (int i = 0; i < 5; ++i) ui.frame(std::ref(p));
    EXPECT_GE(p.clicked, 1);
    EXPECT_EQ(p.right_clicked, -1);
}

// Text typed just before Ctrl+V arrives in the same frame as the Ctrl press: ImGui drops characters while
// Ctrl is down, so the text must be applied a frame before the modifier.
TEST(Input, TextTypedRightBeforeAPasteIsKept) {
    Ui ui;
    Field f;
    f.text = "ab";
    ui.frame(std::ref(f));
    click_field(ui, f);
    ImGui::SetClipboardText("?x=1");
    in::Event t;
    t.type = in::Type::Text;
    t.text = "cd";
    in::push(t);
    in::Mods ctrl;
    ctrl.ctrl = true;
    ui.key(in::Type::KeyDown, in::Key::None, ctrl);  // Ctrl goes down
    in::Event paste;
    paste.type = in::Type::Paste;
    in::push(paste);
    for (int i = 0; i < 6; ++i) ui.frame(std::ref(f));
    EXPECT_EQ(f.text, "abcd?x=1");
}

// After a view opens, Tab starts at the view's content (not at the page's top bar) and Shift+Tab goes to
// the control just before the content, as a web page that moves the focus to its main region.
TEST(Input, AfterAViewOpensTabStartsAtItsContent) {
    Ui ui;
    std::string pressed;
    auto draw = [&] {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(800, 600));
        ImGui::Begin("page", nullptr, ImGuiWindowFlags_NoDecoration);
        for (const char* top : {"Profile", "Boards", "Sign out"})
            if (ImGui::Button(top)) pressed = top;
        ImGui::BeginChild("##content", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);
        in::content_start();
        for (const char* c : {"First card", "Second card"})
            if (ImGui::Button(c)) pressed = c;
        ImGui::EndChild();
        ImGui::End();
    };
    auto press = [&](in::Key k, bool shift = false) {
        in::Mods m;
        m.shift = shift;
        ui.key(in::Type::KeyDown, k, m);
        ui.key(in::Type::KeyUp, k, m);
        for (int i = 0; i < 6; ++i) ui.frame(draw);
    };
    ui.frame(draw);
    ui.frame(draw);
    press(in::Key::Tab);
    press(in::Key::Enter);
    EXPECT_EQ(pressed, "Profile") << "with no view opened, the first Tab starts at the top";
    // "Boards" is pressed by keyboard: the view it opens takes the next Tab.
    press(in::Key::Tab);
    press(in::Key::Enter);
    ASSERT_EQ(pressed, "Boards");
    in::tab_to_content();
    ui.frame(draw);
    press(in::Key::Tab);
    press(in::Key::Enter);
    EXPECT_EQ(pressed, "First card");
    in::tab_to_content();
    ui.frame(draw);
    press(in::Key::Tab, true);
    press(in::Key::Enter);
    EXPECT_EQ(pressed, "Sign out") << "Shift+Tab goes to the control before the content";
}

// An IME's composition is shown at the caret while it lasts, and only the committed text reaches the field.
TEST(Input, AnImeCompositionIsDrawnAtTheCaretAndOnlyItsCommitIsTyped) {
    Ui ui;
    std::string field = "Trip ";
    auto draw = [&] {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(800, 600));
        ImGui::Begin("form", nullptr, ImGuiWindowFlags_NoDecoration);
        ImGui::InputText("##f", &field);
        ImGui::End();
    };
    auto foreground_vertices = [] { return ImGui::GetForegroundDrawList()->VtxBuffer.Size; };
    ui.frame(draw);
    ui.push(in::Type::MouseMove, 100, 15);
    ui.push(in::Type::MouseDown, 100, 15, 0);
    ui.push(in::Type::MouseUp, 100, 15, 0);
    for (int i = 0; i < 3; ++i) ui.frame(draw);
    ASSERT_TRUE(ImGui::GetIO().WantTextInput);
    const int before = foreground_vertices();
    in::Event c;
    c.type = in::Type::Compose;
    c.text = "toukyou";
    in::push(c);
    for (int i = 0; i < 2; ++i) ui.frame(draw);
    EXPECT_EQ(in::composition(), "toukyou");
    EXPECT_GT(foreground_vertices(), before + 4 * 7) << "the composition's letters are drawn";
    EXPECT_EQ(field, "Trip ") << "nothing is typed until the IME commits";
    c.text = "";
    in::push(c);
    in::Event t;
    t.type = in::Type::Text;
    t.text = "東京";
    in::push(t);
    for (int i = 0; i < 3; ++i) ui.frame(draw);
    EXPECT_EQ(in::composition(), "");
    EXPECT_EQ(field, "Trip 東京");
    // A composition cut off by the page losing focus is not left on screen.
    c.text = "kyo";
    in::push(c);
    ui.frame(draw);
    ui.push(in::Type::FocusAway);
    for (int i = 0; i < 2; ++i) ui.frame(draw);
    EXPECT_EQ(in::composition(), "");
    EXPECT_EQ(field, "Trip 東京");
}
