// test_oauth.cpp — the sign-in state machine: authorize URL, redirect parsing (state checks,
// access_denied), token exchange/refresh requests and responses, sign-out.
#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/oauth.h"
#include "core/url.h"

using namespace pinlab;

static OAuthConfig cfg() {
    OAuthConfig c;
    c.authorize_url = "https://emu.test/oauth/";
    c.token_url = "https://emu.test/v5/oauth/token";
    c.revoke_url = "https://emu.test/v5/oauth/token/revoke";
    c.client_id = "pinlab-demo";
    c.redirect_uri = "https://app.test/cb";
    c.scopes = {"boards:read", "pins:read"};
    c.environment = "emulator";
    return c;
}

TEST(OAuth, AuthorizeUrlHasPkceAndStateKeptInStorage) {
    MemoryStorage st;
    OAuth o(cfg(), st);
    auto url = o.begin_sign_in();
    ASSERT_TRUE(url.ok());
    EXPECT_EQ(o.state(), AuthState::AwaitingRedirect);
    auto u = parse_url(*url.value);
    ASSERT_TRUE(u);
    EXPECT_EQ(u->host, "emu.test");
    Params q = parse_query(u->query);
    EXPECT_EQ(param(q, "client_id").value_or(""), "pinlab-demo");
    EXPECT_EQ(param(q, "redirect_uri").value_or(""), "https://app.test/cb");
    EXPECT_EQ(param(q, "response_type").value_or(""), "code");
    EXPECT_EQ(param(q, "scope").value_or(""), "boards:read,pins:read");
    EXPECT_EQ(param(q, "code_challenge_method").value_or(""), "S256");
    auto verifier = st.get("pinlab.oauth.verifier");
    ASSERT_TRUE(verifier);
    EXPECT_TRUE(pkce_verifier_is_valid(*verifier));
    EXPECT_EQ(param(q, "code_challenge").value_or(""), pkce_challenge_s256(*verifier));
    EXPECT_EQ(param(q, "state"), st.get("pinlab.oauth.state"));
    // A new page load (after the redirect) finds the pending sign-in again.
    OAuth reloaded(cfg(), st);
    EXPECT_EQ(reloaded.state(), AuthState::AwaitingRedirect);
}

TEST(OAuth, RedirectStateChecks) {
    MemoryStorage st;
    OAuth o(cfg(), st);
    ASSERT_TRUE(o.begin_sign_in().ok());
    std::string state = *st.get("pinlab.oauth.state");
    auto missing = o.handle_redirect("https://app.test/cb?code=abc");
    EXPECT_FALSE(missing.ok());
    EXPECT_NE(missing.error.message.find("no state"), std::string::npos);
    auto wrong = o.handle_redirect("https://app.test/cb?code=abc&state=evil");
    EXPECT_FALSE(wrong.ok());
    EXPECT_NE(wrong.error.message.find("does not match"), std::string::npos);
    auto good = o.handle_redirect("https://app.test/cb?code=abc&state=" + percent_encode(state));
    ASSERT_TRUE(good.ok()) << good.error.message;
    EXPECT_EQ(good.value->code, "abc");
    EXPECT_EQ(o.state(), AuthState::Exchanging);
    EXPECT_FALSE(st.get("pinlab.oauth.verifier"));  // consumed
    auto reused = o.handle_redirect("https://app.test/cb?code=abc&state=" + percent_encode(state));
    EXPECT_FALSE(reused.ok());
    EXPECT_NE(reused.error.message.find("already used"), std::string::npos);
    EXPECT_EQ(reused.error.kind, ErrorKind::Auth);
}

TEST(OAuth, AccessDeniedIsExplained) {
    MemoryStorage st;
    OAuth o(cfg(), st);
    ASSERT_TRUE(o.begin_sign_in().ok());
    auto r = o.handle_redirect("https://app.test/cb?error=access_denied&state=" + *st.get("pinlab.oauth.state"));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error.message.find("access denied"), std::string::npos);
    EXPECT_NE(r.error.hint.find("Allow"), std::string::npos);
    EXPECT_EQ(o.state(), AuthState::Failed);
}

// RFC 6749 §4.1.2.1: an ?error= redirect without this tab's state is someone else's (a forged link).
TEST(OAuth, ErrorRedirectWithoutOurStateIsIgnored) {
    MemoryStorage st;
    OAuth o(cfg(), st);
    ASSERT_TRUE(o.begin_sign_in().ok());
    const std::string state = *st.get("pinlab.oauth.state");
    for (const std::string forged : {"https://app.test/cb?error=access_denied&error_description=Call+0800+SCAM",
                                     "https://app.test/cb?error=server_error&error_description=SCAM&state=wrong",
                                     "https://app.test/cb?error=access_denied&error_description=SCAM&state="}) {
        auto r = o.handle_redirect(forged);
        ASSERT_FALSE(r.ok()) << forged;
        EXPECT_EQ(r.error.message.find("SCAM"), std::string::npos) << "the attacker's text is not shown";
        EXPECT_NE(r.error.message.find("ignored"), std::string::npos) << r.error.message;
        EXPECT_EQ(o.state(), AuthState::AwaitingRedirect) << "the sign-in in progress goes on";
        EXPECT_TRUE(st.get("pinlab.oauth.state")) << forged;
        EXPECT_TRUE(st.get("pinlab.oauth.verifier")) << forged;
    }
    // The real answer still completes the sign-in.
    auto good = o.handle_redirect("https://app.test/cb?code=abc&state=" + percent_encode(state));
    ASSERT_TRUE(good.ok()) << good.error.message;
    // With no sign-in in progress, a stray error response says nothing of its own either.
    MemoryStorage st2;
    OAuth idle(cfg(), st2);
    auto stray = idle.handle_redirect("https://app.test/cb?error=access_denied&error_description=SCAM&state=x");
    ASSERT_FALSE(stray.ok());
    EXPECT_EQ(stray.error.message.find("SCAM"), std::string::npos);
}

TEST(OAuth, TokenExchangeRefreshRotationAndRevoke) {
    MemoryStorage st;
    OAuth o(cfg(), st);
    ASSERT_TRUE(o.begin_sign_in().ok());
    auto code = o.handle_redirect("https://app.test/cb?code=C1&state=" + *st.get("pinlab.oauth.state"));
    ASSERT_TRUE(code.ok());
    auto req = o.token_request(*code.value);
    ASSERT_TRUE(req.ok());
    EXPECT_EQ(req.value->method, "POST");
    EXPECT_EQ(req.value->url, "https://emu.test/v5/oauth/token");
    EXPECT_EQ(req.value->headers.get("Content-Type"), "application/x-www-form-urlencoded");
    Params f = form_decode(req.value->body);
    EXPECT_EQ(param(f, "grant_type").value_or(""), "authorization_code");
    EXPECT_EQ(param(f, "code").value_or(""), "C1");
    EXPECT_EQ(param(f, "redirect_uri").value_or(""), "https://app.test/cb");
    EXPECT_EQ(param(f, "code_verifier").value_or(""), code.value->verifier);
    EXPECT_EQ(param(f, "client_id").value_or(""), "pinlab-demo");

    Response ok;
    ok.status = 200;
    ok.body = R"({"access_token":"pina_A1","refresh_token":"pinr_R1","token_type":"bearer","expires_in":3600,
                 "refresh_token_expires_in":86400,"scope":"boards:read pins:read","response_type":"authorization_code"})";
    EXPECT_TRUE(o.accept_token_response(ok, 1000).ok());
    ASSERT_TRUE(o.tokens());
    EXPECT_EQ(o.state(), AuthState::SignedIn);
    EXPECT_EQ(o.tokens()->expires_at, 4600);
    EXPECT_EQ(o.tokens()->refresh_expires_at, 87400);
    EXPECT_TRUE(o.tokens()->has_scope("pins:read"));
    EXPECT_EQ(o.tokens()->environment, "emulator");
    EXPECT_FALSE(o.refresh_due(1000, 300));
    EXPECT_TRUE(o.refresh_due(4400, 300));

    auto rr = o.refresh_request();
    ASSERT_TRUE(rr.ok());
    EXPECT_EQ(o.state(), AuthState::Refreshing);
    Params rf = form_decode(rr.value->body);
    EXPECT_EQ(param(rf, "grant_type").value_or(""), "refresh_token");
    EXPECT_EQ(param(rf, "refresh_token").value_or(""), "pinr_R1");
    Response rot;
    rot.status = 200;
    rot.body = R"({"access_token":"pina_A2","refresh_token":"pinr_R2","expires_in":3600,"scope":"boards:read pins:read",
                  "refresh_token_expires_in":86400,"response_type":"refresh_token"})";
    EXPECT_TRUE(o.accept_token_response(rot, 4400).ok());
    EXPECT_EQ(o.tokens()->access_token, "pina_A2");
    EXPECT_EQ(o.tokens()->refresh_token, "pinr_R2");  // rotated

    auto rev = o.revoke_request();
    ASSERT_TRUE(rev);
    EXPECT_EQ(param(form_decode(rev->body), "token").value_or(""), "pinr_R2");
    o.sign_out();
    EXPECT_FALSE(o.tokens());
    EXPECT_EQ(o.state(), AuthState::SignedOut);
}

TEST(OAuth, RefreshRejectedSignsOutButTransientFailureKeepsTokens) {
    MemoryStorage st;
    OAuth o(cfg(), st);
    Response ok;
    ok.status = 200;
    ok.body = R"({"access_token":"pina_A","refresh_token":"pinr_R","expires_in":60,"scope":"pins:read"})";
    ASSERT_TRUE(o.accept_token_response(ok, 0).ok());
    ASSERT_TRUE(o.refresh_request().ok());
    Response busy;
    busy.status = 503;
    busy.body = R"({"code":1,"message":"busy"})";
    EXPECT_FALSE(o.accept_token_response(busy, 10).ok());
    EXPECT_TRUE(o.tokens());
    EXPECT_EQ(o.state(), AuthState::SignedIn);
    ASSERT_TRUE(o.refresh_request().ok());
    Response bad;
    bad.status = 400;
    bad.body = R"({"code":283,"message":"The authorization grant is invalid"})";
    ApiError e = o.accept_token_response(bad, 20);
    EXPECT_EQ(e.kind, ErrorKind::Auth);
    EXPECT_NE(e.hint.find("sign in again"), std::string::npos);
    EXPECT_FALSE(o.tokens());
}

TEST(OAuth, PastedTokenAndNoTokenEndpoint) {
    MemoryStorage st;
    OAuthConfig c = cfg();
    c.token_url.clear();
    OAuth o(c, st);
    EXPECT_FALSE(o.token_request({"c", "v"}).ok());
    o.use_token("pina_sandbox", {"boards:read"}, "sandbox");
    EXPECT_TRUE(o.signed_in());
    EXPECT_FALSE(o.can_refresh(0));
    EXPECT_FALSE(o.refresh_due(1LL << 40, 300));  // unknown expiry: never "due"
    EXPECT_EQ(o.tokens()->environment, "sandbox");
}

TEST(OAuth, TokensJsonRoundTripAndRestoreKeepsRefresh) {
    Tokens t;
    t.access_token = "pina_A";
    t.refresh_token = "pinr_R";
    t.expires_at = 1700003600;
    t.refresh_expires_at = 1702592000;
    t.scopes = {"boards:read", "pins:read"};
    t.environment = "sandbox";
    auto back = tokens_from_json(tokens_to_json(t));
    ASSERT_TRUE(back.ok()) << back.error.describe();
    EXPECT_EQ(back.value->access_token, "pina_A");
    EXPECT_EQ(back.value->refresh_token, "pinr_R");
    EXPECT_EQ(back.value->expires_at, 1700003600);
    EXPECT_EQ(back.value->refresh_expires_at, 1702592000);
    EXPECT_EQ(back.value->scopes, t.scopes);
    EXPECT_EQ(back.value->environment, "sandbox");

    MemoryStorage st;
    OAuth o(cfg(), st);
    EXPECT_FALSE(o.restore(Tokens{}).ok());  // no access token: nothing changes
    EXPECT_FALSE(o.signed_in());
    EXPECT_TRUE(o.restore(*back.value).ok());
    EXPECT_EQ(o.state(), AuthState::SignedIn);
    EXPECT_TRUE(o.can_refresh(1700000000));
    EXPECT_TRUE(o.refresh_due(1700003400, 300));
    auto rr = o.refresh_request();
    ASSERT_TRUE(rr.ok());
    EXPECT_EQ(param(form_decode(rr.value->body), "refresh_token").value_or(""), "pinr_R");
}

TEST(OAuth, TokensFromHostileJsonAreErrors) {
    for (const char* bad : {"", "[]", "null", "{", R"({"refresh_token":"r"})", R"({"access_token":""})",
                            R"({"access_token":5})", R"({"access_token":"a","expires_at":"soon"})",
                            R"({"access_token":"a","expires_at":-5})", R"({"access_token":"a","expires_at":1.5})",
                            R"({"access_token":"a","expires_at":18446744073709551615})",
                            R"({"access_token":"a","scopes":[1,2]})", R"({"access_token":"a","scopes":{}})",
                            R"({"access_token":"a","refresh_token":[]})"}) {
        auto r = tokens_from_json(bad);
        EXPECT_FALSE(r.ok()) << bad;
        EXPECT_EQ(r.error.kind, ErrorKind::Decode) << bad;
    }
    // Older saves kept the scopes as one string; nulls mean "absent".
    auto old = tokens_from_json(R"({"access_token":"a","scopes":"boards:read pins:read","refresh_token":null})");
    ASSERT_TRUE(old.ok());
    EXPECT_EQ(old.value->scopes.size(), 2u);
    EXPECT_TRUE(old.value->refresh_token.empty());
}
