// test_oauth.cpp — the sign-in state machine: authorize URL, redirect parsing (state checks,
// access_denied), token exchange/refresh requests and responses, sign-out; and the request log's
// redaction and curl rendering.
#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/oauth.h"
#include "core/request_log.h"
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

TEST(RequestLog, RedactsSecretsEverywhere) {
    std::string form = "grant_type=authorization_code&code=SECRETCODE&code_verifier=VVVV&client_id=pinlab";
    std::string r = redact_text(form);
    EXPECT_EQ(r.find("SECRETCODE"), std::string::npos);
    EXPECT_EQ(r.find("VVVV"), std::string::npos);
    EXPECT_NE(r.find("client_id=pinlab"), std::string::npos);
    EXPECT_NE(r.find("grant_type=authorization_code"), std::string::npos);
    std::string js = R"({"access_token": "pina_AAAAAAAAAAAAAAAAAAAA", "refresh_token":"xyz", "code": 3, "client_secret":"s3"})";
    r = redact_text(js);
    EXPECT_EQ(r.find("pina_AAAA"), std::string::npos);
    EXPECT_EQ(r.find("xyz"), std::string::npos);
    EXPECT_EQ(r.find("s3\""), std::string::npos);
    EXPECT_NE(r.find("\"code\": 3"), std::string::npos);  // Pinterest's error code is not a secret
    EXPECT_TRUE(json_parse(r).has_value());                // still valid JSON
    r = redact_text("note: token pinrBBBBBBBBBBBBBBBBBBBB leaked, pinata is fine");
    EXPECT_EQ(r.find("BBBB"), std::string::npos);
    EXPECT_NE(r.find("pinata"), std::string::npos);
    EXPECT_EQ(redact_url("https://a/cb?code=abc&state=xyz&x=1"), "https://a/cb?code=[REDACTED]&state=[REDACTED]&x=1");
    Headers h;
    h.set("Authorization", "Bearer pina_123456789012345678");
    h.set("Accept", "application/json");
    Headers rh = redact_headers(h);
    EXPECT_EQ(rh.get("Authorization"), "Bearer [REDACTED]");
    EXPECT_EQ(rh.get("Accept"), "application/json");
}

TEST(RequestLog, LongBodiesAreCutWithNoSecretShowingAtTheCut) {
    RequestLog log(10, 40);
    Completion c;
    c.response.status = 200;
    // The token's value starts before the 40-byte cut and runs far past it.
    c.response.body = std::string(R"({"pad":"xxxxxxxx","access_token":")") + std::string(5000, 'S') + R"("})";
    Request req;
    uint64_t id = log.begin("x", req, 0, 1);
    log.finish(id, c, 1, "");
    const std::string& shown = log.find(id)->response_body;
    EXPECT_EQ(shown.find('S'), std::string::npos) << shown;
    EXPECT_NE(shown.find("[REDAC"), std::string::npos) << shown;
    EXPECT_NE(shown.find("more bytes]"), std::string::npos);
    // A cut inside a multi-byte character backs off to its start.
    c.response.body = std::string(39, 'a') + "\xc3\xa9" + std::string(100, 'b');
    uint64_t id2 = log.begin("x", req, 0, 1);
    log.finish(id2, c, 1, "");
    EXPECT_EQ(log.find(id2)->response_body.substr(0, 40), std::string(39, 'a') + "\xe2");  // "…" follows
}

TEST(RequestLog, RingBufferCapsAndCurl) {
    RequestLog log(3, 10);
    Request req;
    req.method = "POST";
    req.url = "https://api/v5/pins";
    req.headers.set("Authorization", "Bearer pina_secret_secret_secret");
    req.body = R"({"title":"it's a long body"})";
    uint64_t first = log.begin("pins/create", req, 0, 1);
    for (int i = 0; i < 4; ++i) log.begin("x", req, 0, 1);
    EXPECT_EQ(log.entries().size(), 3u);
    EXPECT_EQ(log.find(first), nullptr);  // evicted
    const LogEntry& e = log.entries().back();
    EXPECT_EQ(e.request_bytes, req.body.size());
    EXPECT_NE(e.request_body.find("more bytes"), std::string::npos);
    Completion c;
    c.response.status = 201;
    c.response.body = "{}";
    c.response.headers.set("X-RateLimit-Remaining", "7");
    log.finish(e.id, c, 25, "org_write");
    EXPECT_EQ(log.find(e.id)->status, 201);
    EXPECT_EQ(log.find(e.id)->ratelimit_remaining, "7");
    EXPECT_EQ(log.find(e.id)->ratelimit_category, "org_write");
    EXPECT_DOUBLE_EQ(log.find(e.id)->duration_ms, 25);
    LogEntry q;
    q.method = "POST";
    q.url = "https://api/v5/pins";
    q.request_headers.set("Authorization", "Bearer [REDACTED]");
    q.request_body = R"({"title":"it's"})";
    EXPECT_EQ(to_curl(q), "curl -X 'POST' 'https://api/v5/pins' -H 'Authorization: Bearer [REDACTED]' --data-raw "
                          "'{\"title\":\"it'\\''s\"}'");
    EXPECT_EQ(shell_quote("a'b"), "'a'\\''b'");
}
