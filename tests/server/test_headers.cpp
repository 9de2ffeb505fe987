// test_headers.cpp — what the page and the consent page are served with (CSP without unsafe
// script sources, frame-ancestors 'none', Referrer-Policy: no-referrer), and the access log's
// redaction of secret spellings issue 13 found.
#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <string>

#include "core/crypto.h"
#include "core/url.h"
#include "server/server.h"
#include "server_test_util.h"

using namespace pinlab;
using namespace pinlab::server;

TEST(ServerHeaders, PageCspHashesInlineScriptsAndListsConnections) {
    std::string html = "<html><script>boot()</script><script async src=\"pinlab.js\"></script></html>";
    std::string csp = page_csp(html, {"https://api.pinterest.com", "https://api.example"});
    auto digest = sha256("boot()");
    std::string hash =
        "'sha256-" + base64_encode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())) + "'";
    EXPECT_NE(csp.find("script-src 'self' 'wasm-unsafe-eval' " + hash + ";"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_NE(csp.find("worker-src 'self'"), std::string::npos);
    EXPECT_NE(csp.find("connect-src 'self' https://api.pinterest.com https://api.example;"), std::string::npos) << csp;
    EXPECT_NE(csp.find("img-src 'self' https: data: blob:"), std::string::npos);
    EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
    EXPECT_EQ(csp.find("'unsafe-eval'"), std::string::npos);
    EXPECT_EQ(csp.find("'unsafe-hashes'"), std::string::npos);  // no inline handlers: none allowed
    // An inline event handler is allowed by its hash, nothing else inline.
    std::string with_handler = page_csp("<canvas oncontextmenu=\"event.preventDefault()\"></canvas>", {});
    auto hd = sha256("event.preventDefault()");
    EXPECT_NE(with_handler.find("'sha256-" + base64_encode(std::string_view(reinterpret_cast<const char*>(hd.data()), hd.size())) +
                                "' 'unsafe-hashes'"),
              std::string::npos)
        << with_handler;
    // The same handler after a line break (as the minified page has it) is found too.
    EXPECT_EQ(page_csp("<canvas id=\"c\"\noncontextmenu=\"event.preventDefault()\"></canvas>", {}), with_handler);
    // "on" inside a name is not an attribute.
    EXPECT_EQ(page_csp("<p data-won=\"1\"></p>", {}).find("'unsafe-hashes'"), std::string::npos);
    EXPECT_EQ(csp.find("script-src 'self' 'unsafe-inline'"), std::string::npos);
}

TEST(ServerHeaders, ConfigOriginsAreTheAbsoluteUrls) {
    auto o = config_origins(R"json({"backends":[{"api_base":"https://api.example/v5","token_url":"broker/token"},
                                           {"authorize_url":"http://localhost:9000/oauth/"},
                                           {"x":"javascript:alert(1)"}, {"y":"https://bad.example/'; script-src *"}]})json");
    ASSERT_GE(o.size(), 2u);
    bool api = false, local = false;
    for (const auto& s : o) {
        api |= s == "https://api.example";
        local |= s == "http://localhost:9000";
        EXPECT_EQ(s.find_first_of(" ;'"), std::string::npos) << s;
        EXPECT_EQ(s.find("javascript"), std::string::npos);
    }
    EXPECT_TRUE(api);
    EXPECT_TRUE(local);
}

TEST(ServerHeaders, PageAndConsentPageCannotBeFramedAndSendNoReferrer) {
    TempSite site;
    ServerConfig cfg;
    cfg.host = "127.0.0.1";
    cfg.port = 0;
    cfg.web_root = site.root();
    cfg.emulator.pin_count = 20;
    cfg.access_log = false;
    PinlabServer srv(cfg);
    std::string error;
    ASSERT_TRUE(srv.start(error)) << error;
    httplib::Client c("127.0.0.1", srv.port());
    auto page = c.Get("/");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    std::string csp = page->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("'wasm-unsafe-eval'"), std::string::npos);
    EXPECT_EQ(page->get_header_value("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(page->get_header_value("X-Frame-Options"), "DENY");

    Params a = {{"client_id", "pinlab-demo"}, {"redirect_uri", srv.origin() + "/"}, {"response_type", "code"},
                {"scope", "boards:read"}, {"state", "s"},
                {"code_challenge", pkce_challenge_s256(pkce_make_verifier())}, {"code_challenge_method", "S256"}};
    auto consent = c.Get(("/oauth/?" + build_query(a)).c_str());
    ASSERT_TRUE(consent);
    EXPECT_EQ(consent->status, 200);
    std::string ccsp = consent->get_header_value("Content-Security-Policy");
    EXPECT_NE(ccsp.find("frame-ancestors 'none'"), std::string::npos) << ccsp;
    EXPECT_NE(ccsp.find("default-src 'none'"), std::string::npos);
    EXPECT_EQ(consent->get_header_value("Referrer-Policy"), "no-referrer");
}

TEST(ServerHeaders, AccessLogRedactsSecretSpellings) {
    EXPECT_EQ(redact_target("/cb?Code=abc&x=1"), "/cb?Code=REDACTED&x=1");
    EXPECT_EQ(redact_target("/cb?id_token=abc"), "/cb?id_token=REDACTED");
    EXPECT_EQ(redact_target("/cb?refresh%5Ftoken=abc"), "/cb?refresh%5Ftoken=REDACTED");
    EXPECT_EQ(redact_target("/cb?a=1;access_token=abc"), "/cb?a=1;access_token=REDACTED");
}
