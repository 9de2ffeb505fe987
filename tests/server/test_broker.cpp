// test_broker.cpp — the token broker and API proxy, run against a second in-process pinlab-server
// whose emulator is in the Strict flavour (secret + Basic auth required, as production documents).
// The real api.pinterest.com is never contacted.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sys/stat.h>
#include <memory>
#include <string>
#include <thread>

#include "raw_socket.h"
#include "server/broker.h"

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

// A key file for the broker's signed state (one key per line: current, then previous), owner-only.
std::string write_key_file(const std::string& name, const std::vector<std::string>& keys, int mode = 0600) {
    std::string path = "/tmp/pinlab-broker-" + name + "-" + std::to_string(::getpid()) + ".key";
    {
        std::ofstream f(path);
        for (const auto& k : keys) f << k << "\n";
    }
    ::chmod(path.c_str(), static_cast<mode_t>(mode));
    return path;
}

// 32 random bytes as hex, as `openssl rand -hex 32` writes them.
std::string random_hex_key() {
    std::string raw = base64url_decode(random_token(32)).value_or(""), hex;
    for (unsigned char c : raw) {
        hex += "0123456789abcdef"[c >> 4];
        hex += "0123456789abcdef"[c & 15];
    }
    return hex;
}

Pair start_pair(std::string& error, const std::string& key_file = "", const Limits* limits = nullptr,
                const std::string& upstream_origin = "") {
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
    if (limits) static_cast<Limits&>(b) = *limits;
    b.broker.state_key_file = key_file;
    b.host = "127.0.0.1";
    b.port = broker_port;
    b.access_log = false;
    b.emulator.pin_count = 40;
    b.broker.app_id = "1234567";
    b.broker.app_secret = "top-secret";
    b.broker.upstream = upstream_origin.empty() ? p.upstream->origin() : upstream_origin;
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

// Sign-in up to the broker's redirect back to the page: authorize, approve at the upstream, follow the
// upstream's redirect to the broker's callback. Each step must answer 302.
httplib::Result to_page_callback(httplib::Client& page, httplib::Client& pinterest, const Pair& p,
                                 const std::string& verifier, const std::string& state) {
    auto a = authorize(page, p, verifier, state);
    EXPECT_TRUE(a && a->status == 302) << "authorize";
    if (!a || a->status != 302) return a;
    auto approved = approve(pinterest, a->get_header_value("Location"));
    EXPECT_TRUE(approved && approved->status == 302) << "approve";
    if (!approved || approved->status != 302) return approved;
    return page.Get(approved->get_header_value("Location").substr(p.broker->origin().size()).c_str());
}

// A broker in front of a strict upstream, a page client at the broker and a "Pinterest" client at
// the upstream: what most broker tests start from.
class BrokerTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string error;
        p = start_pair(error);
        ASSERT_TRUE(p.upstream && p.broker) << error;
        page = std::make_unique<httplib::Client>("127.0.0.1", p.broker->port());
        pinterest = std::make_unique<httplib::Client>("127.0.0.1", p.upstream->port());
    }

    // The whole sign-in through the broker; the token answer's JSON (null on failure).
    json sign_in(const std::string& state = "s") {
        const std::string verifier = pkce_make_verifier();
        auto cb = to_page_callback(*page, *pinterest, p, verifier, state);
        if (!cb || cb->status != 302) return nullptr;
        code_form = {{"grant_type", "authorization_code"}, {"code", location_param(cb, "code")},
                     {"redirect_uri", p.page_redirect}, {"code_verifier", verifier}};
        auto tok = post_form(*page, "/broker/token", code_form);
        EXPECT_TRUE(tok && tok->status == 200) << (tok ? tok->body : "no answer");
        auto j = tok ? json_parse(tok->body) : std::nullopt;
        return j && (*j)["access_token"].is_string() ? *j : json(nullptr);
    }

    Pair p;
    std::unique_ptr<httplib::Client> page, pinterest;
    Params code_form;  // the last sign_in's code exchange (to replay it)
};

TEST_F(BrokerTest, FullFlowWithPkceCheckedByTheBroker) {

    const std::string verifier = pkce_make_verifier();
    auto a = authorize(*page, p, verifier, "page-state");
    ASSERT_TRUE(a);
    ASSERT_EQ(a->status, 302) << a->body;
    std::string consent_url = a->get_header_value("Location");
    ASSERT_EQ(consent_url.rfind(p.upstream->origin() + "/oauth/?", 0), 0u) << consent_url;
    EXPECT_EQ(consent_url.find("code_challenge"), std::string::npos);  // PKCE stays with the broker
    EXPECT_NE(consent_url.find("client_id=1234567"), std::string::npos);

    auto approved = approve(*pinterest, consent_url);
    ASSERT_TRUE(approved);
    ASSERT_EQ(approved->status, 302) << approved->body;
    std::string callback = approved->get_header_value("Location");
    ASSERT_EQ(callback.rfind(p.broker->origin() + "/broker/callback?", 0), 0u) << callback;

    // Pinterest redirects to the broker, which hands the page its own one-time code.
    auto cb = page->Get(callback.substr(p.broker->origin().size()).c_str());
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
    auto refused = post_form(*page, "/broker/token", bad);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400);
    EXPECT_NE(refused->body.find("PKCE"), std::string::npos);
}

TEST_F(BrokerTest, TokenExchangeAndProxy) {
    json j = sign_in();
    ASSERT_FALSE(j.is_null());
    std::string access = j["access_token"].get<std::string>();

    // The proxy forwards with the page's bearer token.
    auto me = page->Get("/proxy/v5/user_account", httplib::Headers{{"Authorization", "Bearer " + access}});
    ASSERT_TRUE(me);
    EXPECT_EQ(me->status, 200) << me->body;
    EXPECT_TRUE(me->has_header("X-RateLimit-Limit"));
    auto anon = page->Get("/proxy/v5/user_account");
    ASSERT_TRUE(anon);
    EXPECT_EQ(anon->status, 401);

    // Refresh goes through the broker too (Basic auth added by it).
    if (j["refresh_token"].is_string()) {
        Params rf = {{"grant_type", "refresh_token"}, {"refresh_token", j["refresh_token"].get<std::string>()}};
        auto r = post_form(*page, "/broker/token", rf);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200) << r->body;
        auto rj = json_parse(r->body);
        ASSERT_TRUE(rj && (*rj)["access_token"].is_string());
        access = (*rj)["access_token"].get<std::string>();
    }

    // The code is single use, and a replay revokes what it issued (RFC 6749 §4.1.2), refreshed
    // tokens included.
    auto again = post_form(*page, "/broker/token", code_form);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 400);
    auto revoked = page->Get("/proxy/v5/user_account", httplib::Headers{{"Authorization", "Bearer " + access}});
    ASSERT_TRUE(revoked);
    EXPECT_EQ(revoked->status, 401);
}

TEST_F(BrokerTest, RefusesUnregisteredRedirectAndMissingPkce) {
    Params evil = {{"redirect_uri", "https://evil.example/"}, {"state", "s"},
                   {"code_challenge", pkce_challenge_s256(pkce_make_verifier())}, {"code_challenge_method", "S256"}};
    auto r1 = page->Get(("/broker/authorize?" + build_query(evil)).c_str());
    ASSERT_TRUE(r1);
    EXPECT_EQ(r1->status, 400);
    Params nopkce = {{"redirect_uri", p.page_redirect}, {"state", "s"}};
    auto r2 = page->Get(("/broker/authorize?" + build_query(nopkce)).c_str());
    ASSERT_TRUE(r2);
    EXPECT_EQ(r2->status, 400);
    auto r3 = page->Get("/broker/callback?state=never-issued&code=x");
    ASSERT_TRUE(r3);
    EXPECT_EQ(r3->status, 400);
}

// [SECTION] Hardening (issue 13) ----------------------------------------------------------------------

namespace {

// A second broker instance for the same public origin (as behind a load balancer).
std::unique_ptr<PinlabServer> second_broker(const Pair& p, const std::string& key_file, std::string& error) {
    ServerConfig b;
    b.host = "127.0.0.1";
    b.port = 0;
    b.access_log = false;
    b.emulator.pin_count = 40;
    b.public_url = p.broker->origin();
    b.broker.app_id = "1234567";
    b.broker.app_secret = "top-secret";
    b.broker.upstream = p.upstream->origin();
    b.broker.state_key_file = key_file;
    auto s = std::make_unique<PinlabServer>(b);
    if (!s->start(error)) s.reset();
    return s;
}

}  // namespace

TEST(ServerBroker, SignInStartedOnOneInstanceFinishesOnAnotherSharingOnlyTheKeyFile) {
    const std::string k1 = random_hex_key(), k2 = random_hex_key();
    std::string key_a = write_key_file("a", {k1});
    std::string error;
    Pair p = start_pair(error, key_a);
    ASSERT_TRUE(p.upstream && p.broker) << error;
    // Instance B: rotated key file (new key first, A's key as the previous one).
    std::string key_b = write_key_file("b", {k2, k1});
    auto b = second_broker(p, key_b, error);
    ASSERT_TRUE(b) << error;
    // Instance C: an unrelated key.
    std::string key_c = write_key_file("c", {random_hex_key()});
    auto c = second_broker(p, key_c, error);
    ASSERT_TRUE(c) << error;

    httplib::Client on_a("127.0.0.1", p.broker->port()), on_b("127.0.0.1", b->port()), on_c("127.0.0.1", c->port());
    httplib::Client pinterest("127.0.0.1", p.upstream->port());
    const std::string verifier = pkce_make_verifier();
    auto a = authorize(on_a, p, verifier, "page-state");
    ASSERT_TRUE(a && a->status == 302);
    auto approved = approve(pinterest, a->get_header_value("Location"));
    ASSERT_TRUE(approved && approved->status == 302);
    std::string callback_path = approved->get_header_value("Location").substr(p.broker->origin().size());

    auto wrong = on_c.Get(callback_path.c_str());  // another key: the state is not ours
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->status, 400);
    auto cb = on_b.Get(callback_path.c_str());
    ASSERT_TRUE(cb);
    ASSERT_EQ(cb->status, 302) << cb->body;
    EXPECT_EQ(location_param(cb, "state"), "page-state");
    std::string code = location_param(cb, "code");
    ASSERT_FALSE(code.empty());
    EXPECT_EQ(code.find(location_param(approved, "code")), std::string::npos);  // sealed, not readable

    // B sealed the code with its current key (k2), which A does not have: refused there, and
    // redeemed on B (or any instance with B's file).
    Params form = {{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", p.page_redirect},
                   {"code_verifier", verifier}};
    auto on_old = post_form(on_a, "/broker/token", form);
    ASSERT_TRUE(on_old);
    EXPECT_EQ(on_old->status, 400);
    auto tok = post_form(on_b, "/broker/token", form);
    ASSERT_TRUE(tok);
    EXPECT_EQ(tok->status, 200) << tok->body;
    ::unlink(key_a.c_str());
    ::unlink(key_b.c_str());
    ::unlink(key_c.c_str());
}

TEST(ServerBroker, TamperedOrExpiredStateIsRefused) {
    BrokerSeal seal({std::string(40, 'k')});
    std::string t = seal.sign("{\"x\":1}"), out;
    EXPECT_TRUE(seal.verify(t, out));
    EXPECT_EQ(out, "{\"x\":1}");
    std::string tampered = t;
    tampered[2] = tampered[2] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(seal.verify(tampered, out));
    EXPECT_FALSE(seal.verify("no-dot", out));
    std::string sealed = seal.seal("secret"), plain;
    EXPECT_TRUE(seal.open(sealed, plain));
    EXPECT_EQ(plain, "secret");
    EXPECT_FALSE(BrokerSeal({std::string(40, 'z')}).open(sealed, plain));
    std::vector<std::string> keys;
    std::string err;
    std::string short_key = write_key_file("short", {"tooshort"});
    EXPECT_FALSE(load_broker_keys(short_key, keys, err));
    EXPECT_NE(err.find("32"), std::string::npos);
    EXPECT_FALSE(load_broker_keys("/nonexistent/pinlab.key", keys, err));
    ::unlink(short_key.c_str());
}

TEST_F(BrokerTest, JunkTokenCallsFromOneAddressSpendOnlyItsBudget) {
    int limited = 0;
    for (int i = 0; i < 70; ++i) {
        auto r = post_form(*page, "/broker/token", {{"grant_type", "refresh_token"}, {"refresh_token", "junk" + std::to_string(i)}});
        ASSERT_TRUE(r);
        limited += r->status == 429;
    }
    EXPECT_GE(limited, 10);  // 30 a minute reach Pinterest, the rest stop here (even if a minute turns)
    // A sign-in from the same address is not a junk call (its sealed code opens) and goes through.
    EXPECT_FALSE(sign_in().is_null());
}

TEST(ServerBroker, KeyFilesMustBeRandomAndWritableByTheOwnerOnly) {
    std::vector<std::string> keys;
    std::string err;
    std::string good = write_key_file("good", {random_hex_key()});
    EXPECT_TRUE(load_broker_keys(good, keys, err)) << err;
    // Long enough, but not random: forty times the same letter, or a phrase of few letters.
    for (const std::string& weak : {std::string(40, 'k'), std::string("abababababababababababababababababab")}) {
        std::string f = write_key_file("weak", {weak});
        EXPECT_FALSE(load_broker_keys(f, keys, err)) << weak;
        EXPECT_NE(err.find("random"), std::string::npos) << err;
        ::unlink(f.c_str());
    }
    // Anyone who may write the file may forge sign-ins.
    for (int mode : {0666, 0620}) {
        std::string f = write_key_file("writable", {random_hex_key()}, mode);
        EXPECT_FALSE(load_broker_keys(f, keys, err)) << std::oct << mode;
        EXPECT_NE(err.find("writable"), std::string::npos) << err;
        ::unlink(f.c_str());
    }
    ::unlink(good.c_str());
}

TEST_F(BrokerTest, AuthorizeFloodStoresNothingAndSignInStillWorks) {
    for (int i = 0; i < 300; ++i) {
        auto r = authorize(*page, p, pkce_make_verifier(), "flood" + std::to_string(i));
        ASSERT_TRUE(r);
        ASSERT_EQ(r->status, 302);
    }
    EXPECT_FALSE(sign_in("real").is_null());
}

TEST_F(BrokerTest, RevokeRouteEndsTheSession) {
    json j = sign_in();
    ASSERT_FALSE(j.is_null());
    std::string access = j["access_token"].get<std::string>(), refresh = j["refresh_token"].get<std::string>();
    auto me = page->Get("/proxy/v5/user_account", httplib::Headers{{"Authorization", "Bearer " + access}});
    ASSERT_TRUE(me);
    EXPECT_EQ(me->status, 200);
    auto rv = post_form(*page, "/broker/revoke", {{"token", refresh}, {"token_type_hint", "refresh_token"}});
    ASSERT_TRUE(rv);
    EXPECT_EQ(rv->status, 200) << rv->body;
    auto after = page->Get("/proxy/v5/user_account", httplib::Headers{{"Authorization", "Bearer " + access}});
    ASSERT_TRUE(after);
    EXPECT_EQ(after->status, 401);
}

TEST(ServerBroker, ProxyRefusesTraversalAndEncodedEscapes) {
    EXPECT_TRUE(proxy_path_safe("/v5/pins/123?bookmark=a%2Fb"));
    EXPECT_TRUE(proxy_path_safe("/v5/boards"));
    for (const char* bad : {"/v5/../../x", "/v5/%2e%2e/x", "/v5/%2E%2E/%2e%2e/x", "/v5/a/./b", "/v5/%252e%252e/x",
                            "/v5/a%2fb", "/v5/a%5c..%5cb", "/v5//x", "/x/v5", "/v5/a\\b", "/v5/%00"})
        EXPECT_FALSE(proxy_path_safe(bad)) << bad;
    std::string error;
    Pair p = start_pair(error);
    ASSERT_TRUE(p.upstream && p.broker) << error;
    for (const char* bad : {"/proxy/v5/../../oauth/", "/proxy/v5/%2e%2e/%2e%2e/oauth/", "/proxy/v5/..%2f..%2foauth/"}) {
        RawSocket s(p.broker->port());
        s.send(std::string("GET ") + bad + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\nConnection: close\r\n\r\n");
        std::string r = s.read(3000);
        EXPECT_EQ(raw_status(r), 400) << bad << ": " << r.substr(0, 200);
    }
}

TEST(ServerBroker, ProxyServesOnlyJsonAndImagesAndBoundsSlowUpstreams) {
    EXPECT_TRUE(proxy_content_type_allowed("application/json; charset=utf-8"));
    EXPECT_TRUE(proxy_content_type_allowed("image/png"));
    EXPECT_FALSE(proxy_content_type_allowed("text/html"));
    EXPECT_FALSE(proxy_content_type_allowed("application/javascript"));
    EXPECT_FALSE(proxy_content_type_allowed("image/svg+xml"));

    // A fake upstream: HTML on one path, a slow answer on another.
    httplib::Server fake;
    fake.Get("/v5/html", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("<script>alert(1)</script>", "text/html");
    });
    fake.Get("/v5/slow", [](const httplib::Request&, httplib::Response& res) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        res.set_content("{}", "application/json");
    });
    int fake_port = fake.bind_to_any_port("127.0.0.1");
    std::thread fake_thread([&] { fake.listen_after_bind(); });

    Limits lim;
    lim.proxy_max_concurrent = 8;  // one address may hold a quarter: 2
    lim.proxy_timeout_ms = 400;
    std::string error;
    Pair p = start_pair(error, "", &lim, "http://127.0.0.1:" + std::to_string(fake_port));
    ASSERT_TRUE(p.upstream && p.broker) << error;
    httplib::Client page("127.0.0.1", p.broker->port());
    httplib::Headers bearer{{"Authorization", "Bearer x"}};
    auto html = page.Get("/proxy/v5/html", bearer);
    ASSERT_TRUE(html);
    EXPECT_EQ(html->status, 502);
    EXPECT_EQ(html->body.find("<script>"), std::string::npos);

    // Two slow calls take this address's share of the slots; a third is refused at once; both time out.
    auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> slow;
    std::vector<int> statuses(2, 0);
    for (int i = 0; i < 2; ++i)
        slow.emplace_back([&, i] {
            httplib::Client c("127.0.0.1", p.broker->port());
            auto r = c.Get("/proxy/v5/slow", bearer);
            statuses[i] = r ? r->status : -1;
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    auto third = page.Get("/proxy/v5/slow", bearer);
    ASSERT_TRUE(third);
    EXPECT_EQ(third->status, 503);
    // Another address still reaches Pinterest: the slow caller holds only its share of the slots.
    RawSocket elsewhere(p.broker->port(), "127.0.0.2");
    elsewhere.send("GET /proxy/v5/html HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer y\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(raw_status(elsewhere.read_response(3000)), 502);
    auto other = page.Get("/broker/callback?state=x");  // the server itself still answers
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 400);
    for (auto& t : slow) t.join();
    EXPECT_EQ(statuses[0], 502);
    EXPECT_EQ(statuses[1], 502);
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 1.4);
    fake.stop();
    fake_thread.join();
}

// Past half the slots in greedy addresses, the first wave of their slow calls takes every slot before
// they are seen to be greedy; a newcomer then has one of their long calls cancelled for it instead of
// waiting for the upstream to answer or time out.
TEST(ServerBroker, AGreedyAddressLongCallIsCancelledForANewcomer) {
    httplib::Server fake;
    fake.Get("/v5/slow", [](const httplib::Request&, httplib::Response& res) {
        std::this_thread::sleep_for(std::chrono::milliseconds(3000));
        res.set_content("{}", "application/json");
    });
    fake.Get("/v5/fast", [](const httplib::Request&, httplib::Response& res) { res.set_content("{}", "application/json"); });
    int fake_port = fake.bind_to_any_port("127.0.0.1");
    std::thread fake_thread([&] { fake.listen_after_bind(); });

    Limits lim;
    lim.proxy_max_concurrent = 4;  // a quarter each: one slot per address
    lim.proxy_timeout_ms = 5000;
    std::string error;
    Pair p = start_pair(error, "", &lim, "http://127.0.0.1:" + std::to_string(fake_port));
    ASSERT_TRUE(p.upstream && p.broker) << error;
    const int port = p.broker->port();
    auto slow_call = [port](const std::string& from, std::string* answer) {
        RawSocket s(port, from.c_str());
        s.send("GET /proxy/v5/slow HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\nConnection: close\r\n\r\n");
        *answer = s.read_response(6000);
    };
    // Four addresses take a slot each, then each asks for a second one (refused: they are greedy now).
    std::vector<std::string> answers(8);
    std::vector<std::thread> callers;
    for (int i = 0; i < 4; ++i) callers.emplace_back(slow_call, "127.0.0." + std::to_string(i + 3), &answers[i]);
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    for (int i = 0; i < 4; ++i) callers.emplace_back(slow_call, "127.0.0." + std::to_string(i + 3), &answers[4 + i]);
    std::this_thread::sleep_for(std::chrono::milliseconds(UpstreamSlots::kPreemptAfterMs + 150));

    auto t0 = std::chrono::steady_clock::now();
    RawSocket newcomer(port, "127.0.0.2");
    newcomer.send("GET /proxy/v5/fast HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer y\r\nConnection: close\r\n\r\n");
    std::string got = newcomer.read_response(3000);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(raw_status(got), 200) << got.substr(0, 300);
    EXPECT_LT(ms, 1000) << "the newcomer waited for a slow call to end";
    for (auto& t : callers) t.join();
    int cancelled = 0, refused = 0, answered = 0;
    for (const auto& a : answers) {
        if (raw_status(a) == 503 && a.find("was cancelled") != std::string::npos) ++cancelled;
        else if (raw_status(a) == 503) ++refused;
        else if (raw_status(a) == 200) ++answered;
    }
    EXPECT_EQ(cancelled, 1);  // one call was enough
    EXPECT_EQ(refused, 4);    // the second calls: past their share
    EXPECT_EQ(answered, 3);
    fake.stop();
    fake_thread.join();
}
