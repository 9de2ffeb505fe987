// test_oauth.cpp — the emulator's OAuth server: consent page, PKCE code flow, confidential Basic-auth clients,
// refresh rotation, revoke, client_credentials, and the failures (code 283 / code 2).
#include "emu_test_util.h"

namespace pinlab::emu::test {
namespace {

const std::string kRedirect = "http://localhost:8080/oauth/callback";

struct OAuthTest : EmuFixture {
    std::string verifier = pkce_make_verifier();

    Params authorize(const std::string& client = "pinlab-demo", const std::string& scope = "boards:read,pins:read") {
        return {{"client_id", client},        {"redirect_uri", kRedirect},
                {"response_type", "code"},    {"scope", scope},
                {"state", "st<&>\"x"},        {"code_challenge", pkce_challenge_s256(verifier)},
                {"code_challenge_method", "S256"}};
    }
    std::string get_code(const Params& a) {
        std::string loc = consent(*emu, a, now);
        return param(query_of(loc), "code").value_or("");
    }
    Response token_req(const Params& form, const std::string& basic = "") {
        Request r = make("POST", "/v5/oauth/token", "", form_encode(form), "application/x-www-form-urlencoded");
        if (!basic.empty()) r.headers.set("Authorization", "Basic " + base64_encode(basic));
        return send(r);
    }
};

TEST_F(OAuthTest, ConsentPageShowsAppScopesAndEscapedHiddenFields) {
    Response r = get(with_query("/oauth/", authorize("pinlab-demo", "boards:read,pins:write")), "");
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.headers.get("Content-Type").find("text/html"), std::string::npos);
    EXPECT_NE(r.body.find("Pinlab"), std::string::npos);
    EXPECT_NE(r.body.find("See your public boards, including group boards you join"), std::string::npos);
    EXPECT_NE(r.body.find("Create, update, or delete your public Pins"), std::string::npos);
    EXPECT_NE(r.body.find("name=\"decision\" value=\"allow\""), std::string::npos);
    EXPECT_NE(r.body.find("name=\"decision\" value=\"deny\""), std::string::npos);
    EXPECT_NE(r.body.find("method=\"post\" action=\"/oauth/\""), std::string::npos);
    EXPECT_NE(r.body.find("st&lt;&amp;&gt;&quot;x"), std::string::npos);
    EXPECT_EQ(r.body.find("st<&>"), std::string::npos);
    EXPECT_EQ(r.body.find("<script"), std::string::npos);
}

TEST_F(OAuthTest, UnknownClientOrRedirectIsAnErrorPageNotARedirect) {
    Params a = authorize("nobody");
    Response r = get(with_query("/oauth/", a), "");
    EXPECT_EQ(r.status, 400);
    EXPECT_FALSE(r.headers.has("Location"));
    a = authorize();
    a[1].second = "https://evil.example.com/cb";
    r = get(with_query("/oauth/", a), "");
    EXPECT_EQ(r.status, 400);
    EXPECT_FALSE(r.headers.has("Location"));
    // Hostile client_id is escaped in the error page too.
    r = get("/oauth/?client_id=%3Cscript%3E", "");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.body.find("<script>"), std::string::npos);
}

TEST_F(OAuthTest, PlainPkceAndMissingPkceAreRefusedForPublicClients) {
    Params a = authorize();
    a[6].second = "plain";
    Response r = get(with_query("/oauth/", a), "");
    ASSERT_EQ(r.status, 302);
    EXPECT_EQ(param(query_of(std::string(r.headers.get("Location"))), "error"), "invalid_request");
    a = authorize();
    a.resize(5);  // no challenge
    r = get(with_query("/oauth/", a), "");
    ASSERT_EQ(r.status, 302);
    EXPECT_EQ(param(query_of(std::string(r.headers.get("Location"))), "error"), "invalid_request");
}

TEST_F(OAuthTest, DenyRedirectsWithAccessDenied) {
    std::string loc = consent(*emu, authorize(), now, "deny");
    ASSERT_EQ(loc.rfind(kRedirect, 0), 0u) << loc;
    Params q = query_of(loc);
    EXPECT_EQ(param(q, "error"), "access_denied");
    EXPECT_EQ(param(q, "state"), "st<&>\"x");
    EXPECT_FALSE(param(q, "code"));
}

TEST_F(OAuthTest, FullPkceFlowIssuesWorkingTokens) {
    std::string loc = consent(*emu, authorize(), now);
    Params q = query_of(loc);
    ASSERT_TRUE(param(q, "code"));
    EXPECT_EQ(param(q, "state"), "st<&>\"x");
    Response r = token_req({{"grant_type", "authorization_code"}, {"code", *param(q, "code")},
                            {"redirect_uri", kRedirect}, {"client_id", "pinlab-demo"}, {"code_verifier", verifier}});
    ASSERT_EQ(r.status, 200) << r.body;
    json j = body_json(r);
    EXPECT_EQ(str(j, "access_token").rfind("pina", 0), 0u);
    EXPECT_EQ(str(j, "refresh_token").rfind("pinr", 0), 0u);
    EXPECT_EQ(str(j, "token_type"), "bearer");
    EXPECT_EQ(j["expires_in"], 2592000);
    EXPECT_EQ(j["refresh_token_expires_in"], 5184000);
    EXPECT_EQ(j["refresh_token_expires_at"], now / 1000 + 5184000);
    EXPECT_EQ(str(j, "scope"), "boards:read pins:read");
    EXPECT_EQ(str(j, "response_type"), "authorization_code");
    // The token works for a boards:read operation and lacks user_accounts:read.
    EXPECT_EQ(get("/v5/boards", str(j, "access_token")).status, 200);
    Response ua = get("/v5/user_account", str(j, "access_token"));
    EXPECT_EQ(ua.status, 401);
    EXPECT_EQ(code_of(ua), 3);
}

TEST_F(OAuthTest, WrongVerifierReusedExpiredAndWrongRedirectFail) {
    auto exchange = [&](const std::string& code, const std::string& v, const std::string& redirect = kRedirect) {
        return token_req({{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", redirect},
                          {"client_id", "pinlab-demo"}, {"code_verifier", v}});
    };
    // Wrong verifier.
    Response r = exchange(get_code(authorize()), pkce_make_verifier());
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(code_of(r), 283);
    EXPECT_EQ(str(body_json(r), "message"), "The authorization grant is invalid");
    // Reused code.
    std::string code = get_code(authorize());
    EXPECT_EQ(exchange(code, verifier).status, 200);
    EXPECT_EQ(code_of(exchange(code, verifier)), 283);
    // Expired code (10 minutes).
    code = get_code(authorize());
    now += 10 * 60 * 1000 + 1;
    EXPECT_EQ(code_of(exchange(code, verifier)), 283);
    // Wrong redirect_uri.
    code = get_code(authorize());
    EXPECT_EQ(code_of(exchange(code, verifier, "http://127.0.0.1:8080/oauth/callback")), 283);
    // Unknown code.
    EXPECT_EQ(code_of(exchange("bogus", verifier)), 283);
}

TEST_F(OAuthTest, ConfidentialClientUsesBasicAuth) {
    std::string code = get_code(authorize("pinlab-confidential"));
    Params form{{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", kRedirect},
                {"code_verifier", verifier}};
    Response bad = token_req(form, "pinlab-confidential:wrong");
    EXPECT_EQ(bad.status, 401);
    EXPECT_EQ(code_of(bad), 2);
    EXPECT_EQ(str(body_json(bad), "message"), "Authentication failed.");
    // A failed client authentication does not consume the code.
    Response ok = token_req(form, "pinlab-confidential:pinlab-demo-secret");
    ASSERT_EQ(ok.status, 200) << ok.body;
    // A confidential client cannot skip its secret by posing as public.
    code = get_code(authorize("pinlab-confidential"));
    Response r = token_req({{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", kRedirect},
                            {"client_id", "pinlab-confidential"}, {"code_verifier", verifier}});
    EXPECT_EQ(code_of(r), 2);
}

TEST_F(OAuthTest, RefreshRotatesAndOldRefreshTokenStopsWorking) {
    std::string code = get_code(authorize());
    json first = body_json(token_req({{"grant_type", "authorization_code"}, {"code", code},
                                      {"redirect_uri", kRedirect}, {"client_id", "pinlab-demo"},
                                      {"code_verifier", verifier}}));
    std::string rt = str(first, "refresh_token");
    Response r = token_req({{"grant_type", "refresh_token"}, {"refresh_token", rt}, {"client_id", "pinlab-demo"}});
    ASSERT_EQ(r.status, 200) << r.body;
    json second = body_json(r);
    EXPECT_EQ(str(second, "response_type"), "refresh_token");
    EXPECT_NE(str(second, "refresh_token"), rt);
    EXPECT_NE(str(second, "access_token"), str(first, "access_token"));
    EXPECT_EQ(get("/v5/boards", str(second, "access_token")).status, 200);
    Response again = token_req({{"grant_type", "refresh_token"}, {"refresh_token", rt}, {"client_id", "pinlab-demo"}});
    EXPECT_EQ(code_of(again), 283);
    // An access token is not a refresh token.
    EXPECT_EQ(code_of(token_req({{"grant_type", "refresh_token"}, {"refresh_token", str(second, "access_token")},
                                 {"client_id", "pinlab-demo"}})), 283);
}

TEST_F(OAuthTest, ClientCredentialsNeedsTheSecret) {
    Response r = token_req({{"grant_type", "client_credentials"}, {"scope", "boards:read,user_accounts:read"}},
                           "pinlab-confidential:pinlab-demo-secret");
    ASSERT_EQ(r.status, 200) << r.body;
    json j = body_json(r);
    EXPECT_EQ(str(j, "response_type"), "client_credentials");
    EXPECT_FALSE(j.contains("refresh_token"));
    EXPECT_EQ(get("/v5/user_account", str(j, "access_token")).status, 200);
    EXPECT_EQ(code_of(token_req({{"grant_type", "client_credentials"}, {"scope", "boards:read"},
                                 {"client_id", "pinlab-demo"}})), 2);
}

TEST_F(OAuthTest, RevokeMakesTheTokenUnusable) {
    std::string t = body_json(token_req({{"grant_type", "client_credentials"}, {"scope", "boards:read"}},
                                        "pinlab-confidential:pinlab-demo-secret"))["access_token"];
    EXPECT_EQ(get("/v5/boards", t).status, 200);
    Request r = make("POST", "/v5/oauth/token/revoke", "", form_encode({{"token", t}, {"token_type_hint", "access_token"}}),
                     "application/x-www-form-urlencoded");
    r.headers.set("Authorization", "Basic " + base64_encode("pinlab-confidential:bad"));
    EXPECT_EQ(code_of(send(r)), 2);
    r.headers.set("Authorization", "Basic " + base64_encode("pinlab-confidential:pinlab-demo-secret"));
    Response rr = send(r);
    EXPECT_EQ(rr.status, 200);
    EXPECT_TRUE(rr.body.empty());
    Response after = get("/v5/boards", t);
    EXPECT_EQ(after.status, 401);
    EXPECT_EQ(code_of(after), 2);
}

TEST_F(OAuthTest, TokenEndpointRejectsBadRequests) {
    EXPECT_EQ(token_req({{"grant_type", "password"}, {"client_id", "pinlab-demo"}}).status, 400);
    Request json_body = make("POST", "/v5/oauth/token", "", "{\"grant_type\":\"client_credentials\"}");
    EXPECT_EQ(send(json_body).status, 415);
    EXPECT_EQ(code_of(token_req({{"grant_type", "authorization_code"}})), 2);  // no client at all
    Request garbage = make("POST", "/v5/oauth/token", "", "grant_type=refresh_token", "application/x-www-form-urlencoded");
    garbage.headers.set("Authorization", "Basic !!!notbase64");
    EXPECT_EQ(code_of(send(garbage)), 2);
}

TEST_F(OAuthTest, StrictFlavourRequiresTheSecretAndIgnoresPkce) {
    opts.flavor = Flavor::Strict;
    start();
    // The public client cannot exchange a code at all.
    std::string code = get_code(authorize());
    ASSERT_FALSE(code.empty());
    Response r = token_req({{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", kRedirect},
                            {"client_id", "pinlab-demo"}, {"code_verifier", verifier}});
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(code_of(r), 2);
    // Confidential client: the verifier is ignored (a wrong one still succeeds).
    code = get_code(authorize("pinlab-confidential"));
    r = token_req({{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", kRedirect},
                   {"code_verifier", pkce_make_verifier()}},
                  "pinlab-confidential:pinlab-demo-secret");
    EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(OAuthTest, ExpiredAccessTokenFails) {
    std::string t = mint({"boards:read"});
    now += 2592000LL * 1000 + 1;
    Response r = get("/v5/boards", t);
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(code_of(r), 2);
    EXPECT_EQ(str(body_json(r), "status"), "failure");
}

}  // namespace
}  // namespace pinlab::emu::test
