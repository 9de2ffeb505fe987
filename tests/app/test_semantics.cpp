// test_semantics.cpp — the semantics recorder (app/ui/semantics.h) with headless ImGui: each widget kind gets
// its role, name and state (from the bridge's labels and from what ImGui's item hooks report); text drawn
// inside an item names it or fills a field's value, never a secret field's; text runs keep only the lines
// inside the clip rectangle; an unchanged frame produces no change and a changed one only what changed;
// only what is on screen is recorded; the page's focus moves ImGui's.
//
// Debian's ImGui is built without IMGUI_ENABLE_TEST_ENGINE, so the hooks the web build gets from ImGui
// (item_add, item_info, text) are called here with what ImGui passes them; the bridge's labels and
// mark_secret() go through their real paths.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <functional>
#include <string>

#include "app/ui/bridge.h"
#include "app/ui/input.h"
#include "app/ui/semantics.h"

using namespace pinlab::app;
namespace sem = pinlab::app::semantics;

namespace {

constexpr int kCheckable = 1 << 22, kChecked = 1 << 23, kOpenable = 1 << 20, kOpened = 1 << 21;

struct Ui {
    Bridge bridge;
    Ui() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(800, 600);
        io.DeltaTime = 1.0f / 60;
        io.Fonts->AddFontDefault();
        unsigned char* px = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
        ui_input::init(false);
        sem::reset();
        sem::set_enabled(true);
    }
    ~Ui() {
        sem::set_enabled(false);
        sem::reset();
        ui_input::shutdown();
        ImGui::DestroyContext();
    }
    // One frame of a full-screen window drawn by `draw`; returns the changes it produced.
    std::string frame(const std::function<void()>& draw) {
        bridge.begin_frame();
        sem::begin_frame(2.0f);  // device pixels per CSS pixel: boxes come out halved
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(800, 600));
        ImGui::Begin("Main", nullptr, ImGuiWindowFlags_NoDecoration);
        draw();
        ImGui::End();
        ImGui::Render();
        sem::end_frame();
        return sem::changes();
    }
};

// What ImGui's item hooks report for the item just drawn.
void hooks(const char* label, int extra = 0) {
    ImGuiContext& g = *GImGui;
    sem::item_add(&g, g.LastItemData.Rect, g.LastItemData.ID);
    sem::item_info(&g, g.LastItemData.ID, label, g.LastItemData.StatusFlags | extra);
}
// What the text hook reports for a string drawn at the cursor's line of the last item.
void draw_text(const std::string& s, ImVec2 at, float wrap = 0) {
    ImGuiContext& g = *GImGui;
    const ImVec4 clip = g.CurrentWindow->ClipRect.ToVec4();
    sem::text(g.Font, g.FontSize, at, IM_COL32_WHITE, clip, s.c_str(), s.c_str() + s.size(), wrap);
}

const sem::Node* find(const std::string& name) {
    for (const sem::Node& n : sem::nodes())
        if (n.name == name) return &n;
    return nullptr;
}
const sem::GroupInfo* group_of(const sem::Node& n) {
    for (const sem::GroupInfo& g : sem::groups())
        if (g.key == n.group) return &g;
    return nullptr;
}

TEST(Semantics, RolesNamesAndStatesPerWidgetKind) {
    Ui ui;
    bool remember = true;
    std::string title = "Hello";
    ui.frame([&] {
        ImGui::Button("Sign in##top");
        hooks("Sign in##top");
        ui.bridge.item("button:Sign in");
        ImGui::Checkbox("Remember me", &remember);
        hooks("Remember me", kCheckable | (remember ? kChecked : 0));
        ui.bridge.item("check:Remember me");
        ImGui::RadioButton("Image URL", true);
        hooks("Image URL");
        ui.bridge.item("radio:Image URL");
        ImGui::RadioButton("Local file", false);
        hooks("Local file");
        ui.bridge.item("radio:Local file");
        ImGui::InputText("##v", &title);
        ui.bridge.item("input:Title");
        // A selected tab: the views draw it as a button with the "header active" colour.
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
        ImGui::Button("All pins");
        ui.bridge.item("tab:All pins");
        ImGui::PopStyleColor();
        ImGui::Button("Travel");
        ui.bridge.item("tab:Travel");
        ImGui::Button("Boards");
        ui.bridge.item("nav:Boards");
        ImGui::InvisibleButton("##pin", ImVec2(100, 120));
        ui.bridge.item("pin:42");
        ImGui::BeginDisabled();
        ImGui::Button("Send");
        hooks("Send");
        ImGui::EndDisabled();
    });
    struct Want {
        const char* name;
        sem::Role role;
        uint16_t on, off;
        sem::Group group;
    };
    const Want wants[] = {
        {"Sign in", sem::Role::Button, 0, sem::Disabled, sem::Group::Main},
        {"Remember me", sem::Role::Checkbox, sem::Checked, 0, sem::Group::Main},
        {"Image URL", sem::Role::Radio, sem::Checked, 0, sem::Group::Main},
        {"Local file", sem::Role::Radio, 0, sem::Checked, sem::Group::Main},
        {"Title", sem::Role::Textbox, 0, sem::Secret, sem::Group::Main},
        {"All pins", sem::Role::Tab, sem::Selected, 0, sem::Group::TabList},
        {"Travel", sem::Role::Tab, 0, sem::Selected, sem::Group::TabList},
        {"Boards", sem::Role::Link, 0, sem::Selected, sem::Group::Main},
        {"42", sem::Role::Tile, 0, 0, sem::Group::List},
        {"Send", sem::Role::Button, sem::Disabled, 0, sem::Group::Main},
    };
    for (const Want& w : wants) {
        const sem::Node* n = find(w.name);
        ASSERT_NE(n, nullptr) << w.name;
        EXPECT_EQ(n->role, w.role) << w.name;
        EXPECT_EQ(n->state & w.on, w.on) << w.name;
        EXPECT_EQ(n->state & w.off, 0) << w.name;
        ASSERT_NE(group_of(*n), nullptr) << w.name;
        EXPECT_EQ(group_of(*n)->kind, w.group) << w.name;
        EXPECT_GT(n->w, 0) << w.name;
    }
    // Boxes are in CSS pixels: the tile is 100×120 device pixels at 2 device pixels per CSS pixel.
    EXPECT_FLOAT_EQ(find("42")->w, 50);
    EXPECT_FLOAT_EQ(find("42")->h, 60);
    // Reading order is the order the items were drawn.
    auto at = [](const char* name) {
        const auto& v = sem::nodes();
        return std::find_if(v.begin(), v.end(), [&](const sem::Node& n) { return n.name == name; }) - v.begin();
    };
    EXPECT_LT(at("Sign in"), at("Remember me"));
    EXPECT_LT(at("Title"), at("Send"));
}

TEST(Semantics, TextInsideAnItemNamesItOrIsItsValueAndTheRestIsText) {
    Ui ui;
    std::string value = "draft", token = "pina_secret_token";
    ui.frame([&] {
        ImGui::TextUnformatted("A description a person reads");
        draw_text("A description a person reads", ImGui::GetItemRectMin());
        // A board card: an invisible button, its name and pin count drawn inside it.
        ImGui::InvisibleButton("##board", ImVec2(200, 80));
        const ImVec2 a = ImGui::GetItemRectMin();
        sem::item_add(GImGui, GImGui->LastItemData.Rect, GImGui->LastItemData.ID);
        draw_text("Café Ideas", ImVec2(a.x + 4, a.y + 4));
        draw_text("12 pins", ImVec2(a.x + 4, a.y + 30));
        ui.bridge.item("board:Café Ideas");
        // A button whose label is only an id, named by the words drawn on it.
        ImGui::Button("##go", ImVec2(120, 30));
        const ImVec2 g = ImGui::GetItemRectMin();
        sem::item_add(GImGui, GImGui->LastItemData.Rect, GImGui->LastItemData.ID);
        draw_text("GET", ImVec2(g.x + 2, g.y + 2));
        draw_text("/pins", ImVec2(g.x + 40, g.y + 2));
        sem::item_info(GImGui, GImGui->LastItemData.ID, "##go", 0);
        ImGui::InputText("##field", &value);
        sem::item_add(GImGui, GImGui->LastItemData.Rect, GImGui->LastItemData.ID);
        draw_text(value, ImGui::GetItemRectMin());
        ui.bridge.item("input:Name");
        ImGui::InputText("##token", &token, ImGuiInputTextFlags_Password);
        sem::item_add(GImGui, GImGui->LastItemData.Rect, GImGui->LastItemData.ID);
        draw_text(token, ImGui::GetItemRectMin());  // were it drawn in clear, it still must not be exposed
        ui.bridge.item("input:Access token");
        ui_input::mark_secret();
    });
    const sem::Node* text = find("A description a person reads");
    ASSERT_NE(text, nullptr);
    EXPECT_EQ(text->role, sem::Role::Text);
    EXPECT_EQ(text->size, GImGui->FontSize / 2);
    const sem::Node* card = find("Café Ideas, 12 pins");
    ASSERT_NE(card, nullptr) << "a card is named by what it shows";
    EXPECT_EQ(card->role, sem::Role::Tile);
    // A card keeps its words inside it (the page's find reaches them); a button's are only its name.
    const sem::Node* inside = find("12 pins");
    ASSERT_NE(inside, nullptr);
    EXPECT_EQ(inside->parent, card->key);
    const sem::Node* go = find("GET /pins");
    ASSERT_NE(go, nullptr) << "words on one line are one phrase";
    EXPECT_EQ(go->role, sem::Role::Button);
    EXPECT_EQ(find("GET"), nullptr) << "a button's words are not repeated as text";
    const sem::Node* field = find("Name");
    ASSERT_NE(field, nullptr);
    EXPECT_EQ(field->value, "draft");
    const sem::Node* secret = find("Access token");
    ASSERT_NE(secret, nullptr);
    EXPECT_TRUE(secret->state & sem::Secret);
    EXPECT_EQ(secret->value, "");
    for (const sem::Node& n : sem::nodes()) EXPECT_EQ(n.name.find("pina_secret"), std::string::npos) << n.name;
    EXPECT_EQ(sem::changes().find("pina_secret"), std::string::npos);
}

TEST(Semantics, TreeNodesAreTreeItemsWithTheirJsonPath) {
    Ui ui;
    ui.frame([&] {
        ImGui::SetNextItemOpen(true);
        const bool doc = ImGui::TreeNodeEx("body", 0, "body  {...} 1");
        hooks("body  {...} 1", kOpenable | (doc ? kOpened : 0));
        ImGui::SetNextItemOpen(true);
        const bool open = doc && ImGui::TreeNodeEx("items", 0, "items  [...] 2");
        if (doc) hooks("items  [...] 2", kOpenable | (open ? kOpened : 0));
        if (open) {
            ImGui::SetNextItemOpen(true);
            const bool o2 = ImGui::TreeNodeEx("[0]", 0, "[0]  {...} 1");
            hooks("[0]  {...} 1", kOpenable | (o2 ? kOpened : 0));
            if (o2) {
                ImGui::TreeNodeEx("id", ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen, "id: \"1234\"");
                hooks("id: \"1234\"");
                ImGui::TreePop();
            }
            ImGui::TreePop();
        }
        if (doc) ImGui::TreePop();
        // A collapsing header is a button that expands, not a tree item.
        ImGui::CollapsingHeader("Response headers");
        hooks("Response headers", kOpenable);
    });
    const sem::Node* leaf = find("id: \"1234\"");
    ASSERT_NE(leaf, nullptr);
    EXPECT_EQ(leaf->role, sem::Role::TreeItem);
    EXPECT_EQ(leaf->value, "$.items[0].id");
    EXPECT_EQ(leaf->level, 4);
    const sem::Node* root = find("items  [...] 2");
    ASSERT_NE(root, nullptr);
    EXPECT_EQ(root->role, sem::Role::TreeItem);
    EXPECT_TRUE(root->state & sem::Expanded);
    EXPECT_EQ(group_of(*leaf)->kind, sem::Group::Tree);
    const sem::Node* header = find("Response headers");
    ASSERT_NE(header, nullptr);
    EXPECT_EQ(header->role, sem::Role::Button);
    EXPECT_TRUE(header->state & sem::Expandable);
    EXPECT_FALSE(header->state & sem::Expanded);
}

TEST(Semantics, AnUnchangedFrameChangesNothingAndAChangeOnlyItsNode) {
    Ui ui;
    bool on = false;
    auto draw = [&] {
        ImGui::TextUnformatted("Settings");
        draw_text("Settings", ImGui::GetItemRectMin());
        for (int i = 0; i < 20; ++i) {
            ImGui::PushID(i);
            ImGui::Button("Row");
            hooks("Row");
            ImGui::PopID();
        }
        ImGui::Checkbox("Dark", &on);
        hooks("Dark", kCheckable | (on ? kChecked : 0));
    };
    const std::string first = ui.frame(draw);
    EXPECT_NE(first.find("Settings"), std::string::npos);
    EXPECT_EQ(ui.frame(draw), "");
    EXPECT_EQ(ui.frame(draw), "");
    on = true;
    const std::string c = ui.frame(draw);
    ASSERT_FALSE(c.empty());
    EXPECT_EQ(std::count(c.begin(), c.end(), '\x1e'), 1) << "one record: the checkbox";
    EXPECT_EQ(c.rfind("n\x1f", 0), 0u);
    EXPECT_NE(c.find("Dark"), std::string::npos);
    EXPECT_TRUE(find("Dark")->state & sem::Checked);
}

TEST(Semantics, OnlyWhatIsOnScreenIsRecordedAndTextIsClipped) {
    Ui ui;
    std::string lines;
    for (int i = 0; i < 500; ++i) lines += "line " + std::to_string(i) + "\n";
    ui.frame([&] {
        ImGui::BeginChild("##list", ImVec2(0, 200));
        for (int i = 0; i < 1000; ++i) {
            ImGui::PushID(i);
            ImGui::Button("Pin");
            hooks("Pin");
            ImGui::PopID();
        }
        ImGui::EndChild();
        ImGui::BeginChild("##body", ImVec2(0, 100));
        draw_text(lines, ImGui::GetCursorScreenPos());
        ImGui::EndChild();
    });
    size_t buttons = 0, runs = 0;
    for (const sem::Node& n : sem::nodes()) {
        buttons += n.role == sem::Role::Button;
        runs += n.role == sem::Role::Text;
    }
    EXPECT_GT(buttons, 3u);
    EXPECT_LT(buttons, 20u) << "a 200 px region shows a few of the 1000 buttons";
    EXPECT_GT(runs, 3u);
    EXPECT_LT(runs, 20u) << "a 100 px region shows a few of the 500 lines";
    EXPECT_NE(find("line 0"), nullptr);
    EXPECT_EQ(find("line 400"), nullptr);
}

TEST(Semantics, AnEllipsizedStringIsReadWhole) {
    Ui ui;
    ui.frame([&] {
        sem::ellipsized("Tiramisù with…", "Tiramisù with mascarpone");
        ImGui::TextUnformatted("Tiramisù with…");
        draw_text("Tiramisù with…", ImGui::GetItemRectMin());
    });
    EXPECT_NE(find("Tiramisù with mascarpone"), nullptr);
}

TEST(Semantics, ThePagesFocusMovesImGuisAndImGuisIsReported) {
    Ui ui;
    ImGuiID second = 0;
    auto draw = [&] {
        ImGui::Button("One");
        hooks("One");
        ImGui::Button("Two");
        second = ImGui::GetItemID();
        hooks("Two");
    };
    ui.frame(draw);
    ui.bridge.begin_frame();
    sem::begin_frame(2.0f);
    ImGui::NewFrame();
    EXPECT_TRUE(sem::focus(second));
    EXPECT_FALSE(sem::focus(12345));
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(800, 600));
    ImGui::Begin("Main", nullptr, ImGuiWindowFlags_NoDecoration);
    draw();
    ImGui::End();
    ImGui::Render();
    sem::end_frame();
    EXPECT_EQ(GImGui->NavId, second);
    EXPECT_TRUE(find("Two")->state & sem::Focused);
    EXPECT_NE(sem::changes().find("f\x1f" + std::to_string(second)), std::string::npos);
}

}  // namespace

TEST(Semantics, TheStatusBarIsAStatusRegion) {
    Ui ui;
    auto draw = [] {
        ImGui::TextUnformatted("The view");
        draw_text("The view", ImGui::GetItemRectMin());
        ImGui::BeginChild("##status", ImVec2(0, 40), false);
        ImGui::TextUnformatted("Signed in as pinlab_demo");
        draw_text("Signed in as pinlab_demo", ImGui::GetItemRectMin());
        ImGui::EndChild();
    };
    ui.frame(draw);
    ui.frame(draw);
    const sem::Node* st = find("Signed in as pinlab_demo");
    const sem::Node* view = find("The view");
    ASSERT_TRUE(st && view);
    const sem::GroupInfo* g = group_of(*st);
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(g->kind, sem::Group::Status);
    EXPECT_EQ(g->name, "Status");
    ASSERT_NE(group_of(*view), nullptr);
    EXPECT_NE(group_of(*view)->kind, sem::Group::Status);
}
