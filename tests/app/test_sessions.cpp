// test_sessions.cpp — what survives a reload of the tab: Demo's session, its data and the address; "Reset demo
// data"; a reload without the saved data ending the session cleanly; tokens in sessionStorage, "Remember me"
// moving them, a refresh after a restore; unusable saved tokens dropped.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/fake_platform.h"
#include "app/state.h"
#include "core/url.h"
#include "emulator/emulator.h"
#include "emulator/emulator_transport.h"

using namespace pinlab;
using namespace pinlab::app;
using pinlab::app::test::Harness;

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
    pinlab::app::test::FakePlatform* pp = nullptr;
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
