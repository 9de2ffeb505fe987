// test_token_backend.cpp — the paste-a-token backend: a pasted token's scopes are "declared" until the API
// confirms or refuses them, and config.json's api_base is where its calls go.
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

TEST(TokenBackend, PastedTokenScopesAreDeclaredUntilTheApiShowsThem) {
    Harness h("http://127.0.0.1:8080/", false);
    TokenApi api;
    api.refuse_account = true;
    h.p.local["pinlab.settings"] = R"({"backend":"token","scopes":["boards:read","user_accounts:read"]})";
    api.net.follow = &h.p.now;
    h.p.network_override = &api.net;
    h.start();
    h.frame();
    AppState* s = state_for_tests();
    s->settings.scopes = {"boards:read", "user_accounts:read"};
    s->session.use_pasted_token(*s, "pina_pastedtoken0123456789");
    ASSERT_TRUE(h.until([&] { return s->signed_in(); }));  // once GET /user_account has answered (401 code 3)
    ASSERT_TRUE(h.click("nav:Boards"));
    ASSERT_TRUE(h.until([&] { return h.labels_with_prefix("board:").size() == 3; }));
    s->go(Nav{Route::Token});
    ASSERT_TRUE(h.until([&] { return h.item("text:Missing scopes").has_value(); }));
    EXPECT_TRUE(h.item("text:Declared scopes"));
    const ScopeEvidence& ev = s->client()->scope_evidence();
    EXPECT_EQ(ev.missing, std::vector<std::string>{"user_accounts:read"});
    EXPECT_EQ(ev.confirmed, std::vector<std::string>{"boards:read"});
    EXPECT_TRUE(s->signed_in()) << "a refusal for a scope is not a sign-out";
}

TEST(TokenBackend, ThePasteATokenBackendUsesConfigsApiBase) {
    Harness h("http://127.0.0.1:8080/", false);
    TokenApi api;
    sign_in_with_token(h, api,
                       R"({"backends":[{"id":"token","label":"Paste a token","kind":"token",)"
                       R"("api_base":"https://proxy.example/pinterest/v5"}]})");
    AppState* s = state_for_tests();
    EXPECT_EQ(s->client()->config().api_base, "https://proxy.example/pinterest/v5");
    ASSERT_TRUE(h.until([&] { return !api.net.sent.empty(); }));
    for (const auto& r : api.net.sent) EXPECT_EQ(r.url.rfind("https://proxy.example/pinterest/v5/", 0), 0u) << r.url;
}
