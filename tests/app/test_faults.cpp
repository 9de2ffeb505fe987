// test_faults.cpp — faults on demand and the backends a page offers, through the UI: the Faults panel arms a 429
// on the Demo emulator and shows the hint, the client's wait and the recovery; Demo switches to the sandbox's
// rules keeping its data and sign-in (saved with the settings); the panel explains backends that take no
// faults; the backend list follows config.json; a backend whose consent page is not there is explained, not
// followed.
#include <gtest/gtest.h>

#include "app/fake_platform.h"
#include "app/state.h"
#include "emulator/emulator.h"
#include "emulator/emulator_transport.h"

using namespace pinlab;
using namespace pinlab::app;
using pinlab::app::test::Harness;

TEST(AppFaults, DemoRateLimitShowsHintWaitAndRecovery) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(h.click("nav:Faults"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Fault 429").has_value(); }));
    ASSERT_TRUE(h.click("button:Fault 429"));
    ASSERT_TRUE(h.until([&] { return h.bridge()["faults"]["armed"].size() == 1; }));
    EXPECT_EQ(h.p.demo.emulator()->faults().next, std::vector<std::string>{"429"});  // armed in the emulator itself

    ASSERT_TRUE(h.click("nav:Pins"));  // GET /v5/pins meets it
    ASSERT_TRUE(h.until([&] { return h.bridge().value("pins_loaded", 0) > 0; }, 600)) << h.bridge().dump();
    ASSERT_TRUE(h.click("nav:Faults"));
    ASSERT_TRUE(h.until([&] { return !h.bridge()["faults"]["outcomes"].empty(); }));
    json o = h.bridge()["faults"]["outcomes"][0];
    EXPECT_EQ(o.value("fault", ""), "429");
    EXPECT_EQ(o.value("method", ""), "GET");
    EXPECT_EQ(o.value("path", ""), "/v5/pins");
    EXPECT_NE(o.value("hint", "").find("wait 3 s"), std::string::npos) << o.dump();
    EXPECT_TRUE(o.value("retried", false));
    EXPECT_GE(o.value("wait_ms", 0.0), 2900.0);  // the client waited for X-RateLimit-Reset
    EXPECT_EQ(o.value("then", ""), "200");
    EXPECT_TRUE(o.value("recovered", false));
    EXPECT_TRUE(h.bridge()["faults"]["armed"].empty());
    EXPECT_EQ(h.bridge().value("error", "x"), "");  // recovered by itself: nothing for the user to do
}

TEST(AppFaults, DemoSandboxRulesKeepDataAndSignInAndAreSaved) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(h.click("nav:Faults"));
    ASSERT_TRUE(h.until([&] { return h.item("radio:Sandbox rules").has_value(); }));
    EXPECT_FALSE(h.bridge().value("sandbox_rules", true));
    ASSERT_TRUE(h.click("radio:Sandbox rules"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("user", "") != "" && !h.bridge().value("busy", true); }));
    json b = h.bridge();
    EXPECT_TRUE(b.value("signed_in", false));
    EXPECT_TRUE(b.value("demo_sandbox", false));
    EXPECT_TRUE(b.value("sandbox_rules", false));  // the client knows (ClientConfig::sandbox)
    EXPECT_EQ(h.p.demo.emulator()->options().flavor, emu::Flavor::Sandbox);
    EXPECT_TRUE(h.p.demo_start_restore.back());  // the running emulator's data carried over
    EXPECT_NE(h.p.local["pinlab.settings"].find("\"demo_sandbox\":true"), std::string::npos);
    ASSERT_TRUE(h.until([&] { return h.bridge()["faults"].value("flavor", "") == "sandbox"; }));

    h.reload();  // the choice is kept
    ASSERT_TRUE(h.until([&] { return h.bridge().value("signed_in", false); }));
    EXPECT_TRUE(h.p.demo_start_sandbox.back());
    EXPECT_EQ(h.p.demo.emulator()->options().flavor, emu::Flavor::Sandbox);

    ASSERT_TRUE(h.until([&] { return h.item("nav:Faults").has_value(); }));
    ASSERT_TRUE(h.click("nav:Faults"));
    ASSERT_TRUE(h.until([&] { return h.item("radio:Production rules").has_value(); }));
    ASSERT_TRUE(h.click("radio:Production rules"));
    ASSERT_TRUE(h.until([&] { return !h.bridge().value("demo_sandbox", true); }));
    EXPECT_EQ(h.p.demo.emulator()->options().flavor, emu::Flavor::Public);
    EXPECT_TRUE(h.bridge().value("signed_in", false));
}

TEST(AppFaults, PanelExplainsBackendsWithoutFaults) {
    Harness h("http://127.0.0.1:8080/", false);
    h.p.config = R"({"backends":[{"id":"demo","kind":"demo"},
        {"id":"local","kind":"emulator","flavor":"public","faults":false},{"id":"token","kind":"token"}]})";
    h.p.local["pinlab.settings"] = R"({"backend":"local"})";
    h.start();
    h.frame();
    AppState* s = state_for_tests();
    EXPECT_FALSE(s->faults.available(*s));
    EXPECT_NE(s->faults.unavailable_reason(*s).find("--control"), std::string::npos);
    s->settings.backend_id = "token";
    EXPECT_FALSE(s->faults.available(*s));
    EXPECT_NE(s->faults.unavailable_reason(*s).find("real API"), std::string::npos);
    s->settings.backend_id = "demo";
    EXPECT_TRUE(s->faults.available(*s));
}

TEST(AppFaults, LocalPanelDrivesTheServersControlEndpoint) {
    const std::string base = "http://127.0.0.1:8080/";
    emu::Options o;
    o.pin_count = 20;
    o.control_endpoint = true;
    emu::Emulator emulator(o);
    Harness h(base, false);
    h.p.transport_factory = [&] {
        return std::make_unique<emu::EmulatorTransport>(emulator, [&] { return h.p.now; }, [&] { return h.p.epoch_ms(); });
    };
    h.p.config = R"({"backends":[{"id":"local","kind":"emulator","flavor":"public","faults":true}]})";
    h.p.local["pinlab.settings"] = R"({"backend":"local"})";
    h.start();
    h.frame();
    ASSERT_TRUE(h.click("nav:Faults"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Fault 503").has_value(); }));  // reachable signed out
    ASSERT_TRUE(h.click("button:Fault 503"));
    ASSERT_TRUE(h.until([&] { return emulator.faults().next.size() == 1; }));
    EXPECT_EQ(emulator.faults().next.front(), "503");
    ASSERT_TRUE(h.click("button:Clear faults"));
    ASSERT_TRUE(h.until([&] { return emulator.faults().next.empty(); }));
}

TEST(AppBackends, ListFollowsConfigJson) {
    Harness h("http://127.0.0.1:8080/", false);
    // What pinlab-server writes when started without the broker (server_config_json).
    h.p.config = R"({"default_backend":"demo","backends":[{"id":"demo","kind":"demo"},
        {"id":"local","kind":"emulator","flavor":"sandbox","faults":true},{"id":"token","kind":"token"}]})";
    h.start();
    h.frame();
    EXPECT_EQ(h.bridge()["backends"], json({"demo", "local", "token"}));
    EXPECT_TRUE(h.item("backend:local"));
    EXPECT_FALSE(h.item("backend:pinterest"));
    EXPECT_FALSE(h.item("backend:sandbox"));
    AppState* s = state_for_tests();
    ASSERT_EQ(s->config.backends.size(), 3u);
    EXPECT_EQ(s->config.backends[1].flavor, "sandbox");
    EXPECT_EQ(s->config.backends[1].faults, 1);
    // Local in the sandbox flavour: the client knows the sandbox's rules apply.
    ASSERT_TRUE(h.click("backend:local"));
    h.frame();
    EXPECT_TRUE(h.bridge().value("sandbox_rules", false));
}

TEST(AppBackends, BackendWhoseConsentPageIsMissingIsExplainedNotFollowed) {
    const std::string base = "http://127.0.0.1:8080/";
    emu::Emulator server{emu::Options{}};  // answers 404 for /broker/*: a server without the broker
    Harness h(base, false);
    h.p.transport_factory = [&] {
        return std::make_unique<emu::EmulatorTransport>(server, [&] { return h.p.now; }, [&] { return h.p.epoch_ms(); });
    };
    h.p.config = R"({"backends":[{"id":"demo","kind":"demo"},{"id":"pinterest","label":"Pinterest","kind":"broker",
        "api_base":"proxy/v5","authorize_url":"broker/authorize","token_url":"broker/token","client_id":"pinlab"}]})";
    h.p.local["pinlab.settings"] = R"({"backend":"pinterest"})";
    h.start();
    h.frame();
    ASSERT_TRUE(h.click("button:Sign in"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("error", "") != ""; }));
    json b = h.bridge();
    EXPECT_TRUE(h.p.navigated.empty()) << "followed to " << h.p.navigated.front();
    EXPECT_NE(b.value("error", "").find("not available here"), std::string::npos) << b.value("error", "");
    EXPECT_NE(b.value("error", "").find("404"), std::string::npos);
    EXPECT_NE(b.value("hint", "").find("--pinterest-app-id"), std::string::npos);
    EXPECT_EQ(b.value("view", ""), "connect");
    EXPECT_TRUE(h.item("backend:demo"));  // the way back is right there
}

TEST(AppFaults, ChangesMadeWhileACallIsOnItsWayAreAllApplied) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    s->faults.arm(*s, "429");      // sent
    s->faults.arm(*s, "500");      // waits its turn
    s->faults.set_latency(*s, 500);  // merged with the wait, not in place of it
    ASSERT_TRUE(h.until([&] { return !s->faults.busy() && s->faults.loaded; }));
    h.frame();
    ASSERT_TRUE(h.until([&] { return !s->faults.busy(); }));
    EXPECT_EQ(h.p.demo.emulator()->faults().next, (std::vector<std::string>{"429", "500"}));
    EXPECT_EQ(h.p.demo.emulator()->faults().latency_ms, 500);
}

TEST(AppBackends, PinlabServersOwnConfigIsTrustedWithoutACheck) {
    const std::string base = "http://127.0.0.1:8080/";
    int probes = 0;
    Harness h(base, false);
    h.p.transport_factory = [&] {
        ++probes;
        return std::unique_ptr<Transport>();
    };
    h.p.config = R"({"served_by":"pinlab-server","backends":[{"id":"local","kind":"emulator","faults":false}]})";
    h.start();
    h.frame();
    EXPECT_TRUE(state_for_tests()->config.from_server);
    ASSERT_TRUE(h.click("button:Sign in"));
    ASSERT_TRUE(h.until([&] { return h.p.navigated.size() == 1; }, 5));
    EXPECT_EQ(probes, 0);
    EXPECT_EQ(h.p.navigated.front().rfind(base + "oauth/?", 0), 0u) << h.p.navigated.front();
}
