// test_app.cpp — headless tests of the browser app: Demo sign-in through the in-app consent dialog
// against the in-page emulator, profile, boards, board pins with images, deep links and Back,
// the create-pin form after a failed submit, the bridge JSON, and the unit pieces (hash routes,
// config parsing, masonry layout, image cache policy).
#include <gtest/gtest.h>

#include <algorithm>

#include "app/fake_platform.h"
#include "app/images.h"
#include "app/state.h"

using namespace pinlab;
using namespace pinlab::app;
using pinlab::app::test::Harness;

namespace {

// Signs in to Demo and opens the first board; returns its bridge label.
std::string open_first_board(Harness& h) {
    EXPECT_TRUE(h.click("nav:Boards"));
    EXPECT_TRUE(h.until([&] { return !h.labels_with_prefix("board:").empty(); }));
    auto boards = h.labels_with_prefix("board:");
    if (boards.empty()) return "";
    EXPECT_TRUE(h.click(boards.front()));
    EXPECT_TRUE(h.until([&] { return h.bridge().value("pins_loaded", 0) > 0; }));
    return boards.front();
}

}  // namespace

// [SECTION] End-to-end through the UI ------------------------------------------------------------

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
    for (const char* n : {"nav:Profile", "nav:Boards", "nav:Create", "nav:Search", "nav:Analytics", "nav:Console",
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

TEST(AppDemo, BoardsThenBoardPinsWithImages) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    std::string board = open_first_board(h);
    ASSERT_FALSE(board.empty());
    json b = h.bridge();
    EXPECT_EQ(b.value("view", ""), "board");
    EXPECT_EQ(b.value("hash", "").rfind("#/boards/", 0), 0u);
    // Images come from the emulator (image_from_rgba), a few per frame, only for drawn pins.
    ASSERT_TRUE(h.until([&] { return h.bridge().value("images_ready", 0) >= 4; }));
    auto pins = h.labels_with_prefix("pin:");
    EXPECT_FALSE(pins.empty());
    EXPECT_LT(pins.size(), h.bridge().value("pins_loaded", 0u) + 1);
    EXPECT_TRUE(h.p.net.sent.empty());
    // Open a pin: its view has the actions.
    ASSERT_TRUE(h.click(pins.front()));
    ASSERT_TRUE(h.until([&] { return h.item("button:Delete pin").has_value(); }));
    EXPECT_EQ(h.bridge().value("hash", ""), "#/" + std::string("pins/") + pins.front().substr(4));
}

TEST(AppDemo, DeepLinkToPinAndBack) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    open_first_board(h);
    auto pins = h.labels_with_prefix("pin:");
    ASSERT_FALSE(pins.empty());
    std::string board_hash = h.bridge().value("hash", "");
    std::string id = pins.back().substr(4);
    // A typed deep link.
    h.p.set_hash("#/pins/" + id);
    ASSERT_TRUE(h.until([&] { return h.bridge().value("view", "") == "pin" && h.item("button:Edit pin"); }));
    AppState* s = state_for_tests();
    ASSERT_TRUE(s->pin.has_value());
    EXPECT_EQ(s->pin->id, id);
    // Back.
    h.p.set_hash(board_hash);
    ASSERT_TRUE(h.until([&] { return h.bridge().value("view", "") == "board"; }));
}

TEST(AppDemo, DeepLinkBeforeSignInIsHonoured) {
    Harness h("http://127.0.0.1:8080/#/console");
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(h.until([&] { return h.bridge().value("view", "") == "console"; }));
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
    ASSERT_TRUE(h.until([&] { return state_for_tests()->boards.done; }));
    ASSERT_TRUE(h.click("combo:Board"));
    h.frame();  // the popup's first frame only measures it
    h.frame();
    auto options = h.labels_with_prefix("option:");
    ASSERT_FALSE(options.empty());
    ASSERT_TRUE(h.click(options.front()));
    ASSERT_TRUE(h.click("button:Create pin"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("error", "") != ""; }));
    AppState* s = state_for_tests();
    EXPECT_EQ(s->create.title, "My pin title");
    EXPECT_EQ(s->create.image_url, "ftp://not-an-image");
    EXPECT_FALSE(s->create.board_id.empty());
    EXPECT_EQ(h.bridge().value("view", ""), "create");
    EXPECT_TRUE(h.item("input:Title"));
}

TEST(AppDemo, CreatePinFromUrlOpensIt) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    ASSERT_TRUE(h.until([&] { return s->boards.done && !s->boards.items.empty(); }));
    s->create.board_id = s->boards.items.front().id;
    s->create.image_url = "https://example.com/cat.jpg";
    s->create.title = "Cat";
    s->go(Nav(Route::Create));
    h.frame();
    ASSERT_TRUE(h.click("button:Create pin"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("view", "") == "pin"; }));
    ASSERT_TRUE(s->pin.has_value());
    EXPECT_EQ(s->pin->title.value_or(""), "Cat");
    EXPECT_TRUE(s->create.title.empty());  // cleared after success only
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

// [SECTION] Unit pieces ---------------------------------------------------------------------------

TEST(AppRoutes, HashRoundTrip) {
    for (const char* h : {"#/profile", "#/boards", "#/boards/123", "#/boards/123/sections/45", "#/pins/9", "#/create",
                          "#/search", "#/analytics", "#/console", "#/token"}) {
        auto n = parse_hash(h);
        ASSERT_TRUE(n) << h;
        EXPECT_EQ(to_hash(*n), h);
    }
    EXPECT_FALSE(parse_hash("#/pins/"));
    EXPECT_FALSE(parse_hash("#/nope"));
    EXPECT_FALSE(parse_hash("#/boards/1/x/2"));
    EXPECT_FALSE(parse_hash("#/pins/a b"));
    EXPECT_EQ(parse_hash("")->route, Route::Connect);
}

TEST(AppConfig, DefaultsAndWarnings) {
    AppConfig bad = parse_config("{not json");
    EXPECT_FALSE(bad.warning.empty());
    EXPECT_GE(bad.backends.size(), 4u);
    AppConfig none = parse_config("");
    EXPECT_FALSE(none.warning.empty());
    AppConfig c = parse_config(R"({"default_backend":"local","backends":[
        {"id":"demo","label":"D","kind":"demo"},
        {"id":"local","label":"L","kind":"emulator"},
        {"id":"prod","label":"P","kind":"broker"},
        {"id":"x","kind":"martian"}]})");
    ASSERT_EQ(c.backends.size(), 3u);
    EXPECT_EQ(c.default_backend, "local");
    EXPECT_EQ(c.backends[1].api_base, "v5");
    EXPECT_FALSE(c.backends[2].enabled);  // no broker URL
    EXPECT_FALSE(c.backends[2].disabled_reason.empty());
    EXPECT_NE(c.warning.find("x"), std::string::npos);
    EXPECT_EQ(resolve_url("http://h:8080/app/index.html?x#y", "v5"), "http://h:8080/app/v5");
    EXPECT_EQ(resolve_url("http://h:8080/app/", "/v5"), "http://h:8080/v5");
    EXPECT_EQ(page_base_url("http://h/p?code=1#/x"), "http://h/p");
    EXPECT_EQ(all_scopes().size(), 19u);
}

TEST(AppMasonry, ColumnsDoNotOverlapAndAppendIsIncremental) {
    std::vector<Pin> pins(200);
    for (size_t i = 0; i < pins.size(); ++i) {
        pins[i].id = std::to_string(i);
        PinMedia m;
        ImageDetails d;
        d.width = 600;
        d.height = 300 + static_cast<int>(i % 7) * 100;
        m.images["600x"] = d;
        pins[i].media = m;
    }
    MasonryLayout L;
    layout_masonry(L, pins, 1000, 236, 12, 20, 1);
    ASSERT_EQ(L.cells.size(), pins.size());
    EXPECT_EQ(L.cols, 4);
    // Cells in the same column never overlap.
    for (size_t i = 0; i < L.cells.size(); ++i)
        for (size_t j = i + 1; j < L.cells.size(); ++j)
            if (L.cells[i].x == L.cells[j].x) {
                const auto &a = L.cells[i], &b = L.cells[j];
                EXPECT_TRUE(a.y + a.img_h + 20 <= b.y || b.y + b.img_h + 20 <= a.y) << i << " " << j;
            }
    auto first = L.cells[10];
    pins.resize(250, pins[0]);
    layout_masonry(L, pins, 1000, 236, 12, 20, 1);
    EXPECT_EQ(L.cells.size(), 250u);
    EXPECT_EQ(L.cells[10].y, first.y);  // appended, not recomputed
}

TEST(AppImages, LruEvictsOverBudgetAndCapsInFlight) {
    test::FakePlatform p;
    p.sync_images = false;
    ImageCache c;
    ImageCacheOptions o;
    o.budget_bytes = 100 * 100 * 4 * 5;  // five 100x100 textures
    o.max_in_flight = 3;
    c.configure(&p, o);
    for (int i = 0; i < 10; ++i) c.request("u" + std::to_string(i));
    c.update();
    EXPECT_EQ(c.in_flight(), 3u);
    EXPECT_EQ(p.images.size(), 3u);
    // Not requested in the next frame: queued requests are dropped, loads in flight continue.
    c.update();
    EXPECT_EQ(c.queued(), 0u);
    p.resolve_all(100, 100);
    c.update();
    EXPECT_EQ(c.textures(), 3u);
    // Load 8 more, resolving each frame; the budget holds five textures.
    for (int i = 10; i < 18; ++i) {
        c.request("u" + std::to_string(i));
        c.update();
        p.resolve_all(100, 100);
        c.update();
    }
    EXPECT_LE(c.bytes(), o.budget_bytes);
    EXPECT_EQ(c.textures(), 5u);
    EXPECT_FALSE(p.released.empty());
    // The most recent survive, the oldest went first.
    EXPECT_EQ(c.request("u17").state, ImageState::Ready);
    EXPECT_NE(c.request("u0").state, ImageState::Ready);
}

TEST(AppImages, DrawnThisFrameIsNeverEvicted) {
    test::FakePlatform p;
    ImageCache c;
    ImageCacheOptions o;
    o.budget_bytes = 100 * 100 * 4;  // one texture
    o.max_in_flight = 8;
    c.configure(&p, o);
    for (int i = 0; i < 4; ++i) c.request("v" + std::to_string(i));
    c.update();  // all four start (sync images)
    for (int i = 0; i < 4; ++i) c.request("v" + std::to_string(i));
    c.update();  // ready; all drawn this frame, so over budget is tolerated
    EXPECT_EQ(c.textures(), 4u);
    c.request("v3");
    c.update();  // only v3 drawn: the rest go
    EXPECT_EQ(c.textures(), 1u);
}

TEST(AppDemo, ThousandPinGridSubmitsOnlyVisibleItems) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    std::string board = open_first_board(h);
    ASSERT_FALSE(board.empty());
    AppState* s = state_for_tests();
    // The rest of the board through the footer's "Load more" (the grid only auto-loads near its end).
    ASSERT_TRUE(h.until([&] {
        if (!s->grid.pager.loading && !s->grid.pager.done) h.click("button:Load more");
        return s->grid.pager.done;
    }));
    // Cheap synchronous images from the fake platform (emulator rendering under ASan is slow).
    s->images.set_emulator(nullptr);
    // Grow the loaded grid to 1,000 pins (copies with distinct ids) without more requests.
    auto& items = s->grid.pager.items;
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
