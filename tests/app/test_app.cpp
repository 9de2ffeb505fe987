// test_app.cpp — headless tests of the browser app: Demo sign-in through the in-app consent dialog
// against the in-page emulator, profile, boards, board pins with images, deep links and Back,
// the create-pin form after a failed submit, the bridge JSON, All pins with at_bottom, search,
// analytics charts, sections (create/rename/delete), tokens kept across reloads (sessionStorage,
// "Remember me", refresh after a restore), Demo data kept across reloads and "Reset demo data", and
// the unit pieces (hash routes, config parsing, masonry layout, image cache policy and stale-load
// cancelling).
#include <gtest/gtest.h>

#include <algorithm>

#include "app/fake_platform.h"
#include "app/ui/images.h"
#include "app/state.h"
#include "core/url.h"
#include "emulator/emulator.h"
#include "emulator/emulator_transport.h"

using namespace pinlab;
using namespace pinlab::app;
using pinlab::app::test::Harness;

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
    for (const char* n : {"nav:Profile", "nav:Boards", "nav:Pins", "nav:Create", "nav:Search", "nav:Analytics",
                          "nav:Console",
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
    ASSERT_TRUE(h.click("combo:Board"));
    h.frame();  // the popup's first frame only measures it
    h.frame();
    auto options = h.labels_with_prefix("option:");
    ASSERT_FALSE(options.empty());
    ASSERT_TRUE(h.click(options.front()));
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
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    ASSERT_TRUE(h.until([&] { return s->boards.list.done && !s->boards.list.items.empty(); }));
    s->pins.create.board_id = s->boards.list.items.front().id;
    s->pins.create.image_url = "https://example.com/cat.jpg";
    s->pins.create.title = "Cat";
    s->go(Nav(Route::Create));
    h.frame();
    ASSERT_TRUE(h.click("button:Create pin"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("view", "") == "pin"; }));
    ASSERT_TRUE(s->pins.pin.has_value());
    EXPECT_EQ(s->pins.pin->title.value_or(""), "Cat");
    EXPECT_TRUE(s->pins.create.title.empty());  // cleared after success only
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
    // Tops never decrease in placement order (the grid binary-searches the first visible cell).
    for (size_t i = 1; i < L.cells.size(); ++i) EXPECT_LE(L.cells[i - 1].y, L.cells[i].y) << i;
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

// [SECTION] All pins, search, analytics, sections ------------------------------------------------------

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
}

// [SECTION] Tokens across reloads -----------------------------------------------------------------------

// Creates a pin from a URL on the first board through the create form; returns its id ("" on failure).
std::string create_cat_pin(Harness& h) {
    AppState* s = state_for_tests();
    if (!h.until([&] { return s->boards.list.done && !s->boards.list.items.empty(); })) return "";
    s->pins.create.board_id = s->boards.list.items.front().id;
    s->pins.create.image_url = "https://example.com/cat.jpg";
    s->pins.create.title = "Cat after reload";
    s->go(Nav(Route::Create));
    h.frame();
    if (!h.click("button:Create pin")) return "";
    if (!h.until([&] { return h.bridge().value("view", "") == "pin" && s->pins.pin.has_value(); })) return "";
    return s->pins.pin->id;
}

TEST(AppDemo, ReloadKeepsTheDemoSessionItsDataAndTheAddress) {
    Harness h("http://127.0.0.1:8080/#/boards");
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(h.until([&] { return h.bridge().value("view", "") == "boards"; }));
    const std::string pin_id = create_cat_pin(h);
    ASSERT_FALSE(pin_id.empty());
    EXPECT_GT(h.p.demo_saves, 0);  // saved after the consent, the token exchange and the create
    ASSERT_TRUE(h.p.demo_saved.has_value());
    EXPECT_EQ(h.p.session.count("pinlab.session_tokens"), 1u);  // Demo tokens stay in the tab
    EXPECT_EQ(h.p.local.count("pinlab.remember"), 0u);
    EXPECT_EQ(h.p.href, "http://127.0.0.1:8080/#/pins/" + pin_id);

    // Reload: a new app and a new emulator, the same storage and address.
    h.reload();
    h.frame();
    AppState* s = state_for_tests();
    EXPECT_TRUE(h.p.demo_started.restored) << h.p.demo_started.describe();
    EXPECT_TRUE(h.p.demo_start_restore.back());
    ASSERT_TRUE(s->signed_in());
    ASSERT_TRUE(h.until([&] { return h.bridge().value("view", "") == "pin" && s->pins.pin.has_value(); }));
    EXPECT_EQ(s->pins.pin->id, pin_id);
    EXPECT_EQ(s->pins.pin->title.value_or(""), "Cat after reload");
    ASSERT_TRUE(h.until([&] { return h.bridge().value("user", "") == "pinlab_demo"; }));
    EXPECT_EQ(h.bridge().value("error", "x"), "");
    EXPECT_TRUE(h.p.net.sent.empty()) << "Demo must not use the network";

    // Signing out (with the Token view's own button) and in again in the same tab keeps the data too (the
    // running emulator carries on).
    ASSERT_TRUE(h.click("nav:Token"));
    ASSERT_TRUE(h.until([&] { return h.labels_with_prefix("button:Sign out").size() == 2; }));
    h.frame();
    h.frame();
    json token_view_sign_out;  // the second "Sign out": the header has the first
    const json items = h.bridge()["items"];
    for (const auto& it : items)
        if (it.value("label", "") == "button:Sign out") token_view_sign_out = it;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(token_view_sign_out.value("x", 0.0f) + token_view_sign_out.value("w", 0.0f) / 2,
                         token_view_sign_out.value("y", 0.0f) + token_view_sign_out.value("h", 0.0f) / 2);
    h.frame();
    io.MouseDown[0] = true;
    h.frame();
    io.MouseDown[0] = false;
    h.frame();
    io.MousePos = ImVec2(-1, -1);
    h.frame();
    EXPECT_FALSE(state_for_tests()->signed_in());
    EXPECT_EQ(h.p.session.count("pinlab.session_tokens"), 0u);
    ASSERT_TRUE(h.sign_in_demo());
    s = state_for_tests();
    s->pins.load(*s, pin_id);
    ASSERT_TRUE(h.until([&] { return s->pins.pin.has_value() && s->pins.pin->id == pin_id; }));
}

TEST(AppDemo, ResetDemoDataSignsOutAndStartsFresh) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    const std::string pin_id = create_cat_pin(h);
    ASSERT_FALSE(pin_id.empty());
    ASSERT_TRUE(h.click("nav:Token"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Reset demo data").has_value(); }));
    h.frame();  // the view's first frame is laid out before its wrapped rows are measured
    h.frame();
    // Cancelled first: nothing happens.
    ASSERT_TRUE(h.click("button:Reset demo data"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Cancel").has_value(); }, 10));
    ASSERT_TRUE(h.click("button:Cancel"));
    h.frame();
    EXPECT_TRUE(state_for_tests()->signed_in());
    ASSERT_TRUE(h.p.demo_saved.has_value());
    // Confirmed.
    ASSERT_TRUE(h.click("button:Reset demo data"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Reset and sign out").has_value(); }, 10));
    ASSERT_TRUE(h.click("button:Reset and sign out"));
    h.frame();
    json b = h.bridge();
    EXPECT_EQ(b.value("view", ""), "connect");
    EXPECT_FALSE(b.value("signed_in", true));
    EXPECT_EQ(b.value("error", "x"), "");
    EXPECT_FALSE(h.p.demo_saved.has_value());  // the saved data is gone
    EXPECT_FALSE(h.p.demo_start_restore.back());  // and the emulator started from the seed
    EXPECT_EQ(h.p.session.count("pinlab.session_tokens"), 0u);

    // Signed in again: the created pin is gone, the seed pins are there; a reload keeps it that way.
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    s->pins.load(*s, pin_id);
    ASSERT_TRUE(h.until([&] { return !s->pins.call || !s->pins.call->pending(); }));
    h.frame();
    EXPECT_FALSE(s->pins.pin.has_value() && s->pins.pin->id == pin_id);
    EXPECT_NE(h.bridge().value("error", ""), "");  // "not found", shown as the view's error
    h.reload();
    h.frame();
    s = state_for_tests();
    ASSERT_TRUE(s->signed_in());
    EXPECT_TRUE(h.p.demo_started.restored);
    s->pins.load(*s, pin_id);
    ASSERT_TRUE(h.until([&] { return !s->pins.call || !s->pins.call->pending(); }));
    EXPECT_FALSE(s->pins.pin.has_value() && s->pins.pin->id == pin_id);
}

TEST(AppDemo, ReloadWithoutTheSavedDataEndsTheSessionCleanly) {
    Harness h("http://127.0.0.1:8080/#/boards");
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(h.until([&] { return h.bridge().value("view", "") == "boards"; }));
    // As when IndexedDB is unavailable or the saved data was refused: the emulator starts fresh.
    h.p.demo_saved.reset();
    h.reload();
    ASSERT_TRUE(h.until([&] { return !state_for_tests()->signed_in(); }));
    for (int i = 0; i < 5; ++i) h.frame();
    EXPECT_FALSE(h.p.demo_started.restored);
    json b = h.bridge();
    EXPECT_EQ(b.value("view", ""), "connect");
    EXPECT_EQ(h.p.session.count("pinlab.session_tokens"), 0u);
    EXPECT_NE(b.value("error", ""), "");  // "You were signed out": the emulator no longer knows the token
    // Signing in again works.
    ASSERT_TRUE(h.sign_in_demo());
    EXPECT_TRUE(state_for_tests()->signed_in());
}

// The "local" backend against an in-process emulator: a real redirect sign-in, reloads in between.
TEST(AppLocal, SessionTokensSurviveReloadAndRefreshRememberMovesThem) {
    const std::string base = "http://127.0.0.1:8080/";
    emu::Options o;
    o.flavor = emu::Flavor::Public;
    o.seed = 1;
    o.pin_count = 60;
    emu::ClientApp app;
    app.client_id = "pinlab-demo";
    app.redirect_uris = {base};
    o.clients = {app};
    emu::Emulator emulator(o);
    test::FakePlatform* pp = nullptr;
    emu::EmulatorTransport tr(emulator, [&] { return pp->now; }, [&] { return pp->epoch_ms(); });
    Harness h(base, false);
    pp = &h.p;
    h.p.network_override = &tr;
    h.p.local["pinlab.settings"] = R"({"backend":"local"})";
    h.start();
    h.frame();
    ASSERT_TRUE(h.item("check:Remember me"));
    ASSERT_TRUE(h.click("button:Sign in"));
    ASSERT_TRUE(h.until([&] { return h.p.navigated.size() == 1; }));  // after the check of the consent page
    // The "browser": consent on the emulator's page, which redirects back with a code.
    auto u = parse_url(h.p.navigated.back());
    ASSERT_TRUE(u);
    Params form = parse_query(u->query);
    form.emplace_back("decision", "allow");
    Request post;
    post.method = "POST";
    post.url = "/oauth/";
    post.headers.set("Content-Type", "application/x-www-form-urlencoded");
    post.body = form_encode(form);
    Response r = emulator.handle(post, h.p.epoch_ms());
    std::string location(r.headers.get("Location"));
    ASSERT_EQ(location.rfind(base + "?", 0), 0u) << r.status << " " << r.body;
    // Back on the page with ?code=…
    app::shutdown();
    h.p.href = location;
    h.start();
    ASSERT_TRUE(h.until([&] { return h.bridge().value("user", "") == "pinlab_demo"; }));
    // Not remembered: this tab's sessionStorage has the full set, localStorage nothing.
    ASSERT_EQ(h.p.session.count("pinlab.session_tokens"), 1u);
    EXPECT_EQ(h.p.local.count("pinlab.remember"), 0u);
    auto saved = tokens_from_json(h.p.session["pinlab.session_tokens"]);
    ASSERT_TRUE(saved.ok());
    EXPECT_FALSE(saved.value->refresh_token.empty());
    EXPECT_GT(saved.value->expires_at, 0);
    EXPECT_GT(saved.value->refresh_expires_at, 0);
    EXPECT_EQ(saved.value->environment, "emulator");
    EXPECT_FALSE(saved.value->scopes.empty());

    // Reload the same tab: still signed in, with refresh working.
    app::shutdown();
    h.p.href = base + "#/boards";
    h.start();
    h.frame();
    AppState* s = state_for_tests();
    ASSERT_TRUE(s->signed_in());
    EXPECT_EQ(s->client()->auth().tokens()->refresh_token, saved.value->refresh_token);
    ASSERT_TRUE(h.until(
        [&] { return h.bridge().value("view", "") == "boards" && !h.labels_with_prefix("board:").empty(); }));
    s->session.refresh_token(*s);
    ASSERT_TRUE(h.until([&] { return s->client()->auth().tokens()->access_token != saved.value->access_token; }));
    h.frame();
    auto rotated = tokens_from_json(h.p.session["pinlab.session_tokens"]);
    ASSERT_TRUE(rotated.ok());
    EXPECT_EQ(rotated.value->access_token, s->client()->auth().tokens()->access_token);  // the stored copy follows
    EXPECT_EQ(h.bridge().value("error", "x"), "");

    // "Remember me" moves them to localStorage (with the refresh token), and back when unticked.
    s->settings.remember = true;
    s->save_settings();
    EXPECT_EQ(h.p.session.count("pinlab.session_tokens"), 0u);
    ASSERT_EQ(h.p.local.count("pinlab.remember"), 1u);
    auto remembered = tokens_from_json(h.p.local["pinlab.remember"]);
    ASSERT_TRUE(remembered.ok());
    EXPECT_EQ(remembered.value->refresh_token, rotated.value->refresh_token);
    // A new tab (empty sessionStorage) is signed in from localStorage.
    app::shutdown();
    h.p.session.clear();
    h.p.href = base;
    h.start();
    h.frame();
    s = state_for_tests();
    EXPECT_TRUE(s->signed_in());
    EXPECT_TRUE(s->client()->auth().can_refresh(h.p.epoch_ms() / 1000));
    // Sign out forgets them everywhere.
    ASSERT_TRUE(h.until([&] { return h.item("button:Sign out").has_value(); }));
    ASSERT_TRUE(h.click("button:Sign out"));
    EXPECT_EQ(h.p.local.count("pinlab.remember"), 0u);
    EXPECT_EQ(h.p.session.count("pinlab.session_tokens"), 0u);
    app::shutdown();
    h.start();
    h.frame();
    EXPECT_FALSE(state_for_tests()->signed_in());
}

TEST(AppLocal, UnusableSavedTokensAreDropped) {
    Harness h("http://127.0.0.1:8080/", false);
    h.p.local["pinlab.settings"] = R"({"backend":"local"})";
    h.p.session["pinlab.session_tokens"] = R"({"backend":"local","access_token":7})";
    h.p.local["pinlab.remember"] =
        R"({"backend":"local","access_token":"pina_old","expires_at":1000,"refresh_token":"pinr",)"
        R"("refresh_expires_at":2000})";
    h.start();
    h.frame();
    EXPECT_FALSE(state_for_tests()->signed_in());
    EXPECT_EQ(h.p.session.count("pinlab.session_tokens"), 0u);
    EXPECT_EQ(h.p.local.count("pinlab.remember"), 0u);
    EXPECT_EQ(h.bridge().value("view", ""), "connect");
}

// [SECTION] Image loads of items scrolled away ---------------------------------------------------------

TEST(AppImages, StaleLoadsAreCancelledAndTheCapHolds) {
    test::FakePlatform p;
    p.sync_images = false;  // loads stay in flight until resolved
    ImageCache c;
    ImageCacheOptions o;
    o.max_in_flight = 6;
    o.cancel_after_frames = 5;
    c.configure(&p, o);
    for (int i = 0; i < 6; ++i) c.request("first" + std::to_string(i));
    c.update();
    ASSERT_EQ(c.in_flight(), 6u);
    std::vector<uint32_t> first_tickets;
    for (const auto& [t, url] : p.image_urls) first_tickets.push_back(t);
    // Fast scrolling: every frame other items are drawn; "keep" stays on screen the whole time.
    c.request("keep");
    for (int f = 0; f < 12; ++f) {
        c.request("keep");
        for (int i = 0; i < 10; ++i) c.request("f" + std::to_string(f) + "_" + std::to_string(i));
        c.update();
        EXPECT_LE(c.in_flight(), 6u) << f;
    }
    // The first six were cancelled through the platform, and the freed slots went to newer items.
    for (uint32_t t : first_tickets)
        EXPECT_NE(std::find(p.released.begin(), p.released.end(), t), p.released.end()) << t;
    EXPECT_GE(c.cancelled(), 6u);
    EXPECT_EQ(c.in_flight(), 6u);
    bool newer_started = false;
    for (const auto& [t, url] : p.image_urls) newer_started = newer_started || url.rfind("f1", 0) == 0;
    EXPECT_TRUE(newer_started);
    // Loads that are still being drawn are never cancelled, however long they take.
    const CachedImage& keep = c.request("keep");
    if (keep.started) {
        EXPECT_EQ(keep.state, ImageState::Loading);
        EXPECT_EQ(std::find(p.released.begin(), p.released.end(), keep.ticket), p.released.end());
    }
    // A cancelled item that comes back on screen is simply loaded again.
    for (int f = 0; f < 20; ++f) {
        c.request("first0");
        c.update();
        p.resolve_all(10, 10);
    }
    EXPECT_EQ(c.request("first0").state, ImageState::Ready);
}

// Sign-out revokes (RFC 7009): the emulator that issued the token no longer accepts it.
TEST(AppDemo, SignOutRevokesTheToken) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    ASSERT_NE(s, nullptr);
    const std::string access = s->client()->auth().tokens()->access_token;
    ASSERT_TRUE(h.click("button:Sign out"));
    bool revoked = false;
    ASSERT_TRUE(h.until([&] {
        for (const auto& e : s->client()->log().entries()) revoked = revoked || (e.operation == "token/revoke" && e.status == 200);
        return revoked;
    })) << "the revocation is sent and logged";
    pinlab::Request req;
    req.method = "GET";
    req.url = "/v5/user_account";
    req.headers.set("Authorization", "Bearer " + access);
    EXPECT_EQ(h.p.demo.emulator()->handle(req, h.p.epoch_ms()).status, 401) << "the signed-out token is dead";
}
