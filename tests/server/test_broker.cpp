// test_broker.cpp — the token broker and API proxy, run against a second in-process pinlab-server
// whose emulator is in the Strict flavour (secret + Basic auth required, as production documents).
// The real api.pinterest.com is never contacted.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "core/crypto.h"
#include "core/json.h"
#include "core/url.h"
#include "server/server.h"

using namespace pinlab;
using namespace pinlab::server;

namespace {

// A port that was free a moment ago (the broker's port must be known before the upstream
// emulator starts, because the upstream registers the broker's callback URL).
int free_port() {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    int port = -1;
    if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    ::close(s);
    return port;
}

std::string location_param(const httplib::Result& r, const char* key) {
    if (!r || !r->has_header("Location")) return {};
    auto u = parse_url(r->get_header_value("Location"));
    if (!u) return {};
    return param(parse_query(u->query), key).value_or("");
}

struct Pair {
    std::unique_ptr<PinlabServer> upstream, broker;
    std::string page_redirect;
};

Pair start_pair(std::string& error) {
    Pair p;
    int broker_port = free_port();
    std::string broker_origin = "http://127.0.0.1:" + std::to_string(broker_port);

    ServerConfig up;
    up.host = "127.0.0.1";
    up.port = 0;
    up.access_log = false;
    up.emulator.flavor = emu::Flavor::Strict;
    up.emulator.pin_count = 40;
    up.emulator.clients = {emu::ClientApp{"1234567", {broker_origin + "/broker/callback"}, "top-secret", "Broker app"}};
    p.upstream = std::make_unique<PinlabServer>(up);
    if (!p.upstream->start(error)) return p;

    ServerConfig b;
    b.host = "127.0.0.1";
    b.port = broker_port;
    b.access_log = false;
    b.emulator.pin_count = 40;
    b.broker.app_id = "1234567";
    b.broker.app_secret = "top-secret";
    b.broker.upstream = p.upstream->origin();
    p.page_redirect = broker_origin + "/";
    p.broker = std::make_unique<PinlabServer>(b);
    if (!p.broker->start(error)) p.broker.reset();
    return p;
}

// The page's form POSTs (the consent decision, the token exchange).
httplib::Result post_form(httplib::Client& c, const char* path, const Params& form) {
    return c.Post(path, form_encode(form), "application/x-www-form-urlencoded");
}

// The page starts sign-in at the broker with its own PKCE challenge and state.
httplib::Result authorize(httplib::Client& page, const Pair& p, const std::string& verifier, const std::string& state) {
    Params q = {{"redirect_uri", p.page_redirect}, {"scope", "user_accounts:read,boards:read"},
                {"state", state},                 {"code_challenge", pkce_challenge_s256(verifier)},
                {"code_challenge_method", "S256"}};
    return page.Get(("/broker/authorize?" + build_query(q)).c_str());
}

// The person approves on "Pinterest" (the strict emulator's consent page at `consent_url`).
httplib::Result approve(httplib::Client& pinterest, const std::string& consent_url) {
    auto cu = parse_url(consent_url);
    Params consent = cu ? parse_query(cu->query) : Params{};
    consent.emplace_back("decision", "allow");
    return post_form(pinterest, "/oauth/", consent);
}

}  // namespace

TEST(ServerBroker, FullFlowWithPkceCheckedByTheBroker) {
    std::string error;
    Pair p = start_pair(error);
    ASSERT_TRUE(p.upstream && p.broker) << error;
    httplib::Client page("127.0.0.1", p.broker->port());
    httplib::Client pinterest("127.0.0.1", p.upstream->port());

    const std::string verifier = pkce_make_verifier();
    auto a = authorize(page, p, verifier, "page-state");
    ASSERT_TRUE(a);
    ASSERT_EQ(a->status, 302) << a->body;
    std::string consent_url = a->get_header_value("Location");
    ASSERT_EQ(consent_url.rfind(p.upstream->origin() + "/oauth/?", 0), 0u) << consent_url;
    EXPECT_EQ(consent_url.find("code_challenge"), std::string::npos);  // PKCE stays with the broker
    EXPECT_NE(consent_url.find("client_id=1234567"), std::string::npos);

    auto approved = approve(pinterest, consent_url);
    ASSERT_TRUE(approved);
    ASSERT_EQ(approved->status, 302) << approved->body;
    std::string callback = approved->get_header_value("Location");
    ASSERT_EQ(callback.rfind(p.broker->origin() + "/broker/callback?", 0), 0u) << callback;

    // Pinterest redirects to the broker, which hands the page its own one-time code.
    auto cb = page.Get(callback.substr(p.broker->origin().size()).c_str());
    ASSERT_TRUE(cb);
    ASSERT_EQ(cb->status, 302) << cb->body;
    EXPECT_EQ(cb->get_header_value("Location").rfind(p.page_redirect, 0), 0u);
    EXPECT_EQ(location_param(cb, "state"), "page-state");
    std::string code = location_param(cb, "code");
    ASSERT_FALSE(code.empty());
    EXPECT_NE(code, location_param(approved, "code"));  // Pinterest's code never reaches the page

    // A wrong verifier is refused, and burns the code.
    Params bad = {{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", p.page_redirect},
                  {"code_verifier", pkce_make_verifier()}};
    auto refused = post_form(page, "/broker/token", bad);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400);
    EXPECT_NE(refused->body.find("PKCE"), std::string::npos);
}

TEST(ServerBroker, TokenExchangeAndProxy) {
    std::string error;
    Pair p = start_pair(error);
    ASSERT_TRUE(p.upstream && p.broker) << error;
    httplib::Client page("127.0.0.1", p.broker->port());
    httplib::Client pinterest("127.0.0.1", p.upstream->port());

    const std::string verifier = pkce_make_verifier();
    auto a = authorize(page, p, verifier, "s");
    ASSERT_TRUE(a && a->status == 302);
    auto approved = approve(pinterest, a->get_header_value("Location"));
    ASSERT_TRUE(approved && approved->status == 302);
    auto cb = page.Get(approved->get_header_value("Location").substr(p.broker->origin().size()).c_str());
    ASSERT_TRUE(cb && cb->status == 302);
    std::string code = location_param(cb, "code");

    Params form = {{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", p.page_redirect},
                   {"code_verifier", verifier}};
    auto tok = post_form(page, "/broker/token", form);
    ASSERT_TRUE(tok);
    ASSERT_EQ(tok->status, 200) << tok->body;
    auto j = json_parse(tok->body);
    ASSERT_TRUE(j && (*j)["access_token"].is_string()) << tok->body;
    std::string access = (*j)["access_token"].get<std::string>();

    // The code is single use.
    auto again = post_form(page, "/broker/token", form);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 400);

    // The proxy forwards with the page's bearer token.
    auto me = page.Get("/proxy/v5/user_account", httplib::Headers{{"Authorization", "Bearer " + access}});
    ASSERT_TRUE(me);
    EXPECT_EQ(me->status, 200) << me->body;
    EXPECT_TRUE(me->has_header("X-RateLimit-Limit"));
    auto anon = page.Get("/proxy/v5/user_account");
    ASSERT_TRUE(anon);
    EXPECT_EQ(anon->status, 401);

    // Refresh goes through the broker too (Basic auth added by it).
    if ((*j)["refresh_token"].is_string()) {
        Params rf = {{"grant_type", "refresh_token"}, {"refresh_token", (*j)["refresh_token"].get<std::string>()}};
        auto r = post_form(page, "/broker/token", rf);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200) << r->body;
    }
}

TEST(ServerBroker, RefusesUnregisteredRedirectAndMissingPkce) {
    std::string error;
    Pair p = start_pair(error);
    ASSERT_TRUE(p.upstream && p.broker) << error;
    httplib::Client page("127.0.0.1", p.broker->port());
    Params evil = {{"redirect_uri", "https://evil.example/"}, {"state", "s"},
                   {"code_challenge", pkce_challenge_s256(pkce_make_verifier())}, {"code_challenge_method", "S256"}};
    auto r1 = page.Get(("/broker/authorize?" + build_query(evil)).c_str());
    ASSERT_TRUE(r1);
    EXPECT_EQ(r1->status, 400);
    Params nopkce = {{"redirect_uri", p.page_redirect}, {"state", "s"}};
    auto r2 = page.Get(("/broker/authorize?" + build_query(nopkce)).c_str());
    ASSERT_TRUE(r2);
    EXPECT_EQ(r2->status, 400);
    auto r3 = page.Get("/broker/callback?state=never-issued&code=x");
    ASSERT_TRUE(r3);
    EXPECT_EQ(r3->status, 400);
}
