// test_server_http.cpp — pinlab-server started in-process on 127.0.0.1:0 and driven over real
// HTTP with httplib::Client: static files, the emulator's OAuth flow, limits, header hygiene,
// CORS, the access log and startup errors.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/crypto.h"
#include "core/json.h"
#include "core/request_log.h"
#include "core/url.h"
#include "server/server.h"
#include "server_test_util.h"

using namespace pinlab;
using namespace pinlab::server;

namespace {

// [SECTION] Fixture ----------------------------------------------------------------------------

struct LogCapture {
    std::mutex mu;
    std::vector<std::string> lines;
    std::string all() {
        std::lock_guard<std::mutex> lock(mu);
        std::string s;
        for (const auto& l : lines) s += l + "\n";
        return s;
    }
    // The logger runs after the response is written, so a line may land just after the client
    // has its answer: wait for it (bounded).
    bool wait_for(const std::string& needle) {
        for (int i = 0; i < 200; ++i) {
            if (all().find(needle) != std::string::npos) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }
};

class Running {
public:
    explicit Running(ServerConfig cfg) : log_(std::make_shared<LogCapture>()) {
        cfg.host = "127.0.0.1";
        cfg.port = 0;
        if (cfg.emulator.pin_count == emu::Options{}.pin_count) cfg.emulator.pin_count = 60;  // fast seeding
        auto log = log_;
        cfg.log_sink = [log](const std::string& line) {
            std::lock_guard<std::mutex> lock(log->mu);
            log->lines.push_back(line);
        };
        server_ = std::make_unique<PinlabServer>(std::move(cfg));
        ok_ = server_->start(error_);
    }
    bool ok() const { return ok_; }
    const std::string& error() const { return error_; }
    PinlabServer& server() { return *server_; }
    int port() const { return server_->port(); }
    std::unique_ptr<httplib::Client> client() const {
        auto c = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
        c->set_connection_timeout(5, 0);
        c->set_read_timeout(10, 0);
        return c;
    }
    LogCapture& log() { return *log_; }

private:
    std::shared_ptr<LogCapture> log_;
    std::unique_ptr<PinlabServer> server_;
    bool ok_ = false;
    std::string error_;
};

std::string header(const httplib::Result& r, const char* name) {
    return r && r->has_header(name) ? r->get_header_value(name) : std::string();
}

// The whole authorization-code + PKCE flow over HTTP, as the page does it. Returns the access token.
std::string sign_in(Running& srv, const std::string& scopes = "user_accounts:read,boards:read,pins:read") {
    auto cli = srv.client();
    const std::string redirect = srv.server().origin() + "/";
    const std::string verifier = pkce_make_verifier();
    Params authorize = {{"client_id", "pinlab-demo"},      {"redirect_uri", redirect},
                        {"response_type", "code"},         {"scope", scopes},
                        {"state", "st4te"},                {"code_challenge", pkce_challenge_s256(verifier)},
                        {"code_challenge_method", "S256"}};
    auto consent = cli->Get(("/oauth/?" + build_query(authorize)).c_str());
    EXPECT_TRUE(consent);
    if (!consent) return {};
    EXPECT_EQ(consent->status, 200) << consent->body;
    EXPECT_NE(consent->body.find("<form"), std::string::npos);

    Params form = authorize;
    form.emplace_back("decision", "allow");
    auto allow = cli->Post("/oauth/", form_encode(form), "application/x-www-form-urlencoded");
    EXPECT_TRUE(allow);
    if (!allow) return {};
    EXPECT_EQ(allow->status, 302) << allow->body;
    std::string location = allow->get_header_value("Location");
    EXPECT_EQ(location.rfind(redirect, 0), 0u) << location;
    auto url = parse_url(location);
    EXPECT_TRUE(url);
    if (!url) return {};
    Params back = parse_query(url->query);
    EXPECT_EQ(param(back, "state").value_or(""), "st4te");
    std::string code = param(back, "code").value_or("");
    EXPECT_FALSE(code.empty()) << location;

    Params token_form = {{"grant_type", "authorization_code"},
                         {"code", code},
                         {"redirect_uri", redirect},
                         {"client_id", "pinlab-demo"},
                         {"code_verifier", verifier}};
    auto tok = cli->Post("/v5/oauth/token", form_encode(token_form), "application/x-www-form-urlencoded");
    EXPECT_TRUE(tok);
    if (!tok) return {};
    EXPECT_EQ(tok->status, 200) << tok->body;
    auto j = json_parse(tok->body);
    EXPECT_TRUE(j && j->is_object() && (*j)["access_token"].is_string()) << tok->body;
    if (!j || !j->is_object() || !(*j)["access_token"].is_string()) return {};
    return (*j)["access_token"].get<std::string>();
}

}  // namespace

// [SECTION] Static files ----------------------------------------------------------------------

TEST(ServerHttp, ServesIndexAndFilesWithTypesAndCaching) {
    TempSite site;
    ServerConfig cfg;
    cfg.web_root = site.root();
    Running srv(cfg);
    ASSERT_TRUE(srv.ok()) << srv.error();
    EXPECT_GT(srv.port(), 0);
    EXPECT_TRUE(srv.server().has_web_root());
    auto cli = srv.client();

    auto index = cli->Get("/");
    ASSERT_TRUE(index);
    EXPECT_EQ(index->status, 200);
    EXPECT_EQ(index->body, TempSite::index_html());
    EXPECT_EQ(header(index, "Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(header(index, "Cache-Control"), "no-cache");
    EXPECT_EQ(header(index, "X-Content-Type-Options"), "nosniff");

    auto wasm = cli->Get("/pinlab.wasm");
    ASSERT_TRUE(wasm);
    EXPECT_EQ(wasm->status, 200);
    EXPECT_EQ(header(wasm, "Content-Type"), "application/wasm");
    EXPECT_EQ(wasm->body, std::string("\0asm\1\0\0\0", 8));
    EXPECT_NE(header(wasm, "Cache-Control").find("max-age"), std::string::npos);

    auto js = cli->Get("/pinlab.js");
    ASSERT_TRUE(js);
    EXPECT_EQ(header(js, "Content-Type"), "text/javascript; charset=utf-8");
    auto cfgjson = cli->Get("/config.json");
    ASSERT_TRUE(cfgjson);
    EXPECT_EQ(header(cfgjson, "Content-Type"), "application/json");
    EXPECT_EQ(header(cfgjson, "Cache-Control"), "no-cache");

    // HEAD: headers and length, no body.
    auto head = cli->Head("/pinlab.js");
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 200);
    EXPECT_TRUE(head->body.empty());
    EXPECT_EQ(header(head, "Content-Length"), std::to_string(js->body.size()));

    // Revalidation with the ETag.
    std::string etag = header(js, "ETag");
    ASSERT_FALSE(etag.empty());
    auto again = cli->Get("/pinlab.js", httplib::Headers{{"If-None-Match", etag}});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 304);
    EXPECT_TRUE(again->body.empty());
}

TEST(ServerHttp, NotFoundAndTraversal) {
    TempSite site;
    ServerConfig cfg;
    cfg.web_root = site.root();
    Running srv(cfg);
    ASSERT_TRUE(srv.ok()) << srv.error();
    auto cli = srv.client();

    auto missing = cli->Get("/no-such-file.js");
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 404);
    auto post = cli->Post("/somewhere", "x", "text/plain");
    ASSERT_TRUE(post);
    EXPECT_EQ(post->status, 404);
    EXPECT_TRUE(json_parse(post->body)) << post->body;

    // The client sends these targets verbatim; none may reach outside.txt.
    for (const char* target : {"/../outside.txt", "/%2e%2e/outside.txt", "/sub/..%2f..%2foutside.txt",
                               "/escape.txt", "/escape-dir/outside.txt", "/.secret", "/%2e%73ecret",
                               "/sub/.git/config", "//etc/passwd"}) {
        auto r = cli->Get(target);
        ASSERT_TRUE(r) << target;
        EXPECT_TRUE(r->status == 400 || r->status == 404) << target << " -> " << r->status;
        EXPECT_EQ(r->body.find("secret outside"), std::string::npos) << target;
        EXPECT_EQ(r->body.find("hidden"), std::string::npos) << target;
    }
    // A very long path is refused or not found, not a crash.
    auto longp = cli->Get(("/" + std::string(6000, 'a')).c_str());
    ASSERT_TRUE(longp);
    EXPECT_EQ(longp->status, 404);
}

TEST(ServerHttp, MissingWebRootStillServesApi) {
    ServerConfig cfg;
    cfg.web_root = "/nonexistent/pinlab/dist";
    Running srv(cfg);
    ASSERT_TRUE(srv.ok()) << srv.error();
    EXPECT_FALSE(srv.server().has_web_root());
    auto cli = srv.client();
    auto root = cli->Get("/");
    ASSERT_TRUE(root);
    EXPECT_EQ(root->status, 404);
    EXPECT_NE(root->body.find("./scripts/run"), std::string::npos);
    EXPECT_EQ(header(root, "Content-Type"), "text/html; charset=utf-8");
    auto api = cli->Get("/v5/user_account");
    ASSERT_TRUE(api);
    EXPECT_EQ(api->status, 401);
}

// [SECTION] Emulator over HTTP --------------------------------------------------------------------

TEST(ServerHttp, ApiWithoutTokenIs401Json) {
    Running srv(ServerConfig{});
    ASSERT_TRUE(srv.ok()) << srv.error();
    auto r = srv.client()->Get("/v5/user_account");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(header(r, "Content-Type").rfind("application/json", 0), 0u);
    auto j = json_parse(r->body);
    ASSERT_TRUE(j && j->is_object()) << r->body;
    EXPECT_TRUE((*j)["code"].is_number());
    EXPECT_TRUE((*j)["message"].is_string());
}

TEST(ServerHttp, OAuthFlowTokenWorksAndSecretsStayOutOfTheLog) {
    Running srv(ServerConfig{});
    ASSERT_TRUE(srv.ok()) << srv.error();
    std::string token = sign_in(srv);
    ASSERT_FALSE(token.empty());
    auto cli = srv.client();
    cli->set_bearer_token_auth(token.c_str());
    auto me = cli->Get("/v5/user_account");
    ASSERT_TRUE(me);
    EXPECT_EQ(me->status, 200) << me->body;
    auto j = json_parse(me->body);
    ASSERT_TRUE(j && j->is_object());
    EXPECT_TRUE((*j)["username"].is_string()) << me->body;

    // Image URLs handed out are absolute, on this server, and load.
    auto boards = cli->Get("/v5/boards?page_size=5");
    ASSERT_TRUE(boards);
    ASSERT_EQ(boards->status, 200) << boards->body;
    auto bj = json_parse(boards->body);
    ASSERT_TRUE(bj && (*bj)["items"].is_array() && !(*bj)["items"].empty()) << boards->body;
    std::string board_id = (*bj)["items"][0]["id"].is_string() ? (*bj)["items"][0]["id"].get<std::string>() : "";
    auto pins = cli->Get(("/v5/boards/" + board_id + "/pins?page_size=3").c_str());
    ASSERT_TRUE(pins);
    ASSERT_EQ(pins->status, 200) << pins->body;
    const std::string origin = srv.server().origin();
    auto pj = json_parse(pins->body);
    ASSERT_TRUE(pj && (*pj)["items"].is_array() && !(*pj)["items"].empty()) << pins->body;
    const json& media = (*pj)["items"][0]["media"];
    ASSERT_TRUE(media.is_object() && media["images"].is_object()) << pins->body.substr(0, 400);
    std::string image_url;
    for (auto it = media["images"].begin(); it != media["images"].end(); ++it) {
        if (!it.value().is_object() || !it.value()["url"].is_string()) continue;
        // The smallest rendition keeps the test fast (PNGs are rendered on demand).
        if (image_url.empty() || it.key() == "150x150") image_url = it.value()["url"].get<std::string>();
    }
    ASSERT_EQ(image_url.rfind(origin + "/media/", 0), 0u) << "not an absolute URL on this server: " << image_url;
    std::string image_path = image_url.substr(origin.size());
    auto img = cli->Get(image_path.c_str());
    ASSERT_TRUE(img);
    EXPECT_EQ(img->status, 200) << image_path;
    EXPECT_EQ(header(img, "Content-Type"), "image/png");
    EXPECT_EQ(img->body.substr(1, 3), "PNG");

    // Access log: one line per request with status and size, never a token or the code.
    EXPECT_TRUE(srv.log().wait_for("\"GET " + image_path + "\" 200 ")) << srv.log().all();
    std::string log = srv.log().all();
    EXPECT_NE(log.find("\"GET /v5/user_account\" 200 "), std::string::npos) << log;
    EXPECT_NE(log.find("127.0.0.1 \"POST /v5/oauth/token\" 200 "), std::string::npos) << log;
    EXPECT_EQ(log.find(token), std::string::npos);
    EXPECT_EQ(log.find("Bearer"), std::string::npos);
}

TEST(ServerHttp, RedactsSecretsInLoggedTargets) {
    EXPECT_EQ(redact_target("/oauth/?client_id=a&code=xyz&state=s"), "/oauth/?client_id=a&code=REDACTED&state=s");
    EXPECT_EQ(redact_target("/?code_verifier=v&access_token=t"), "/?code_verifier=REDACTED&access_token=REDACTED");
    EXPECT_EQ(redact_target("/v5/boards?page_size=25"), "/v5/boards?page_size=25");
    EXPECT_EQ(redact_target("/v5/boards"), "/v5/boards");
    EXPECT_EQ(redact_target("/x?c%6fde=abc"), "/x?c%6fde=REDACTED");  // encoded key names too

    Running srv(ServerConfig{});
    ASSERT_TRUE(srv.ok()) << srv.error();
    auto r = srv.client()->Get("/?code=SUPERSECRETCODE&state=abc");
    ASSERT_TRUE(r);
    EXPECT_TRUE(srv.log().wait_for("code=REDACTED&state=abc")) << srv.log().all();
    EXPECT_EQ(srv.log().all().find("SUPERSECRETCODE"), std::string::npos) << srv.log().all();
}

TEST(ServerHttp, LoggedTargetsHideWhatTheRequestLogHides) {
    // One list of secret keys (core/request_log.h) for the console and the access log.
    for (const char* key : {"code", "code_verifier", "access_token", "refresh_token", "client_secret", "token",
                            "id_token", "password", "secret"}) {
        ASSERT_TRUE(is_secret_key(key)) << key;
        EXPECT_EQ(redact_target(std::string("/cb?a=1&") + key + "=S3CRET&b=2"),
                  std::string("/cb?a=1&") + key + "=REDACTED&b=2");
    }
    EXPECT_FALSE(is_secret_key("state"));  // the console hides it too; the access log keeps it to follow a sign-in
    EXPECT_EQ(redact_target("/cb?client_id=c&redirect_uri=x&scope=pins%3Aread"), "/cb?client_id=c&redirect_uri=x&scope=pins%3Aread");
}

TEST(ServerHttp, QuietMeansNoAccessLog) {
    ServerConfig cfg;
    cfg.access_log = false;
    Running srv(cfg);
    ASSERT_TRUE(srv.ok()) << srv.error();
    auto r = srv.client()->Get("/v5/user_account");
    ASSERT_TRUE(r);
    srv.server().stop();  // joins the workers: any log line would have been written by now
    EXPECT_EQ(srv.log().all(), "");
}

TEST(ServerHttp, OversizedBodyIs413Json) {
    ServerConfig cfg;
    cfg.max_body_bytes = 64 * 1024;  // small for the test; the default is 16 MiB
    Running srv(cfg);
    ASSERT_TRUE(srv.ok()) << srv.error();
    auto cli = srv.client();
    std::string body = "{\"title\":\"" + std::string(100 * 1024, 'x') + "\"}";
    auto r = cli->Post("/v5/pins", body, "application/json");
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    EXPECT_EQ(r->status, 413);
    auto j = json_parse(r->body);
    ASSERT_TRUE(j && j->is_object()) << r->body;
    EXPECT_EQ((*j)["code"], 413);
    // Below the limit it reaches the emulator (401: no token).
    auto small = cli->Post("/v5/pins", "{\"title\":\"x\"}", "application/json");
    ASSERT_TRUE(small);
    EXPECT_EQ(small->status, 401);
}

// Where an answer came from (a modelled resource or the generic layer) is information, not an instruction:
// it reaches the client, which the Explorer shows.
TEST(ServerHttp, TheAnswersSourceReachesTheClient) {
    ServerConfig cfg;
    emu::ClientApp app;
    app.client_id = "svc";
    app.secret = "svc-secret";
    app.redirect_uris = {"http://localhost/cb"};
    cfg.emulator.clients = {app};
    Running srv(cfg);
    ASSERT_TRUE(srv.ok()) << srv.error();
    auto cli = srv.client();
    cli->set_basic_auth("svc", "svc-secret");
    auto tok = cli->Post("/v5/oauth/token", "grant_type=client_credentials&scope=user_accounts:read",
                         "application/x-www-form-urlencoded");
    ASSERT_TRUE(tok);
    auto j = json_parse(tok->body);
    ASSERT_TRUE(j && (*j)["access_token"].is_string()) << tok->body;
    auto me = srv.client()->Get("/v5/user_account",
                                httplib::Headers{{"Authorization", "Bearer " + (*j)["access_token"].get<std::string>()}});
    ASSERT_TRUE(me);
    EXPECT_EQ(me->status, 200) << me->body;
    EXPECT_EQ(me->get_header_value("X-Emulator-Source"), "modelled");
}

TEST(ServerHttp, EmulatorInstructionsAreActedOnNeverSent) {
    ServerConfig cfg;
    cfg.emulator.faults.latency_ms = 5;
    Running srv(cfg);
    ASSERT_TRUE(srv.ok()) << srv.error();
    auto cli = srv.client();
    auto r = cli->Get("/v5/user_account");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    for (const auto& h : r->headers) EXPECT_NE(h.first.rfind("X-Emulator", 0), 0u) << h.first;
    EXPECT_FALSE(r->has_header("X-Emulator-Delay-Ms"));

    // A dropped connection: the client sees a transport error, not a response.
    srv.server().stop();
    ServerConfig drop_cfg;
    drop_cfg.emulator.faults.p_drop = 1.0;
    Running dropping(drop_cfg);
    ASSERT_TRUE(dropping.ok()) << dropping.error();
    auto d = dropping.client()->Get("/v5/user_account");
    EXPECT_FALSE(d) << "got status " << (d ? d->status : 0);
    // The server survives and still answers static requests.
    auto after = dropping.client()->Get("/");
    ASSERT_TRUE(after);
    EXPECT_EQ(after->status, 404);
    EXPECT_TRUE(dropping.log().wait_for("\"GET /v5/user_account\" dropped")) << dropping.log().all();
}

TEST(ServerHttp, CorsPreflightInPublicFlavour) {
    ServerConfig cfg;
    cfg.emulator.flavor = emu::Flavor::Public;
    cfg.emulator.allowed_origins = {"http://localhost:5173"};
    Running srv(cfg);
    ASSERT_TRUE(srv.ok()) << srv.error();
    auto cli = srv.client();
    httplib::Request pre;
    pre.method = "OPTIONS";
    pre.path = "/v5/user_account";
    pre.headers = {{"Origin", "http://localhost:5173"},
                   {"Access-Control-Request-Method", "GET"},
                   {"Access-Control-Request-Headers", "authorization"}};
    auto r = cli->send(pre);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 204);
    EXPECT_EQ(header(r, "Access-Control-Allow-Origin"), "http://localhost:5173");
    EXPECT_NE(header(r, "Access-Control-Allow-Methods").find("GET"), std::string::npos);

    // Not an allowed origin: no CORS grant.
    httplib::Request other = pre;
    other.headers = {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "GET"}};
    auto o = cli->send(other);
    ASSERT_TRUE(o);
    EXPECT_FALSE(o->has_header("Access-Control-Allow-Origin"));

    // An actual request from the allowed origin carries the header too.
    auto g = cli->Get("/v5/user_account", httplib::Headers{{"Origin", "http://localhost:5173"}});
    ASSERT_TRUE(g);
    EXPECT_EQ(header(g, "Access-Control-Allow-Origin"), "http://localhost:5173");
}

// [SECTION] Startup --------------------------------------------------------------------------------

TEST(ServerHttp, PortInUseIsAClearError) {
    Running first(ServerConfig{});
    ASSERT_TRUE(first.ok()) << first.error();
    ServerConfig cfg;
    cfg.host = "127.0.0.1";
    cfg.port = first.port();
    cfg.emulator.pin_count = 60;
    PinlabServer second(cfg);
    std::string error;
    EXPECT_FALSE(second.start(error));
    EXPECT_EQ(error, "cannot listen on 127.0.0.1:" + std::to_string(first.port()) +
                         ": address already in use (try --port N)");
    // The first one is unaffected.
    auto r = first.client()->Get("/v5/user_account");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
}

TEST(ServerHttp, StopIsIdempotentAndFreesThePort) {
    Running srv(ServerConfig{});
    ASSERT_TRUE(srv.ok()) << srv.error();
    int port = srv.port();
    srv.server().stop();
    srv.server().stop();
    ServerConfig cfg;
    cfg.host = "127.0.0.1";
    cfg.port = port;
    cfg.emulator.pin_count = 60;
    PinlabServer again(cfg);
    std::string error;
    EXPECT_TRUE(again.start(error)) << error;
}

// [SECTION] config.json and the Faults panel's control endpoint ------------------------------------

TEST(ServerHttp, ConfigJsonFollowsTheFlags) {
    TempSite site;  // its own config.json ({"ok":true}) is not what the page gets
    ServerConfig cfg;
    cfg.web_root = site.root();
    Running plain(cfg);
    ASSERT_TRUE(plain.ok()) << plain.error();
    auto r = plain.client()->Get("/config.json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(header(r, "Cache-Control"), "no-cache");
    auto j = json_parse(r->body);
    ASSERT_TRUE(j && j->is_object()) << r->body;
    std::vector<std::string> ids;
    for (const auto& b : (*j)["backends"]) ids.push_back(b.value("id", ""));
    EXPECT_EQ(ids, (std::vector<std::string>{"demo", "local", "token"}));  // no broker: no Pinterest
    EXPECT_EQ((*j)["backends"][1].value("flavor", ""), "public");
    EXPECT_EQ(j->value("served_by", ""), "pinlab-server");
    EXPECT_FALSE((*j)["backends"][1].value("faults", true));

    cfg.emulator.flavor = emu::Flavor::Sandbox;
    cfg.emulator.control_endpoint = true;
    cfg.broker.app_id = "1234";
    cfg.broker.app_secret = "s3cret";
    cfg.broker.upstream = "https://api-sandbox.pinterest.com";
    Running full(cfg);
    ASSERT_TRUE(full.ok()) << full.error();
    auto r2 = full.client()->Get("/config.json");
    ASSERT_TRUE(r2);
    auto j2 = json_parse(r2->body);
    ASSERT_TRUE(j2 && j2->is_object());
    ids.clear();
    for (const auto& b : (*j2)["backends"]) ids.push_back(b.value("id", ""));
    EXPECT_EQ(ids, (std::vector<std::string>{"demo", "local", "sandbox", "token"}));
    EXPECT_EQ((*j2)["backends"][1].value("flavor", ""), "sandbox");
    EXPECT_TRUE((*j2)["backends"][1].value("faults", false));
    EXPECT_EQ((*j2)["backends"][2].value("environment", ""), "sandbox");
    EXPECT_EQ((*j2)["backends"][2].value("token_url", ""), "broker/token");
    EXPECT_EQ(r2->body.find("s3cret"), std::string::npos);
}

TEST(ServerHttp, ControlEndpointTakesThePagesOwnCallsOnly) {
    ServerConfig cfg;
    cfg.emulator.control_endpoint = true;
    Running srv(cfg);
    ASSERT_TRUE(srv.ok()) << srv.error();
    std::string token = sign_in(srv);
    ASSERT_FALSE(token.empty());
    auto cli = srv.client();
    const std::string self = srv.server().origin();
    auto arm = [&](const std::string& origin, const std::string& site) {
        httplib::Headers h;
        if (!origin.empty()) h.emplace("Origin", origin);
        if (!site.empty()) h.emplace("Sec-Fetch-Site", site);
        auto r = cli->Post("/_emulator/faults", h, R"({"next":["429"]})", "application/json");
        return r ? r->status : -1;
    };
    EXPECT_EQ(arm("http://evil.example", "cross-site"), 403);
    EXPECT_EQ(arm("http://evil.example", ""), 403);
    EXPECT_EQ(arm("", "same-site"), 403);
    auto state = cli->Get("/_emulator/faults");
    ASSERT_TRUE(state);
    EXPECT_NE(state->body.find("\"next\":[]"), std::string::npos) << state->body;  // nothing armed by those
    EXPECT_EQ(arm(self, "same-origin"), 200);  // the page this server serves
    auto boards = cli->Get("/v5/boards", httplib::Headers{{"Authorization", "Bearer " + token}});
    ASSERT_TRUE(boards);
    EXPECT_EQ(boards->status, 429);
    EXPECT_EQ(header(boards, "X-RateLimit-Reset"), "3");
    auto again = cli->Get("/v5/boards", httplib::Headers{{"Authorization", "Bearer " + token}});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 200);
}

// [SECTION] Video uploads ------------------------------------------------------------------------

// The S3-style upload a client makes after POST /v5/media reaches the emulator as it was sent: a multipart
// form whose fields keep their order (the file last), not the parts an HTTP library sorted by name.
TEST(ServerHttp, AVideoUploadFormReachesTheEmulatorAsSent) {
    Running srv(ServerConfig{});
    ASSERT_TRUE(srv.ok()) << srv.error();
    const std::string token = sign_in(srv, "pins:read,pins:write");
    ASSERT_FALSE(token.empty());
    auto cli = srv.client();
    const httplib::Headers auth{{"Authorization", "Bearer " + token}};
    auto reg = cli->Post("/v5/media", auth, R"({"media_type":"video"})", "application/json");
    ASSERT_TRUE(reg);
    ASSERT_EQ(reg->status, 201) << reg->body;
    json j = json_parse(reg->body).value_or(json());
    const std::string id = j["media_id"].get<std::string>();
    httplib::MultipartFormDataItems fields;
    for (auto& [k, v] : j["upload_parameters"].items()) fields.push_back({k, v.get<std::string>(), "", ""});
    const httplib::MultipartFormData file{"file", std::string("\0\0\0\x18" "ftypmp42\0\0\0\0mp42isom", 24), "v.mp4", "video/mp4"};
    // The file before a field: S3 ignores what follows the file, and says so.
    auto misordered = fields;
    misordered.insert(misordered.begin() + 1, file);
    auto bad = cli->Post("/media/upload/", misordered);
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 400);
    EXPECT_NE(bad->body.find("must be the last field"), std::string::npos) << bad->body;
    fields.push_back(file);
    auto up = cli->Post("/media/upload/", fields);
    ASSERT_TRUE(up);
    EXPECT_EQ(up->status, 204) << up->body;
    auto status = cli->Get(("/v5/media/" + id).c_str(), auth);
    ASSERT_TRUE(status);
    EXPECT_NE(status->body.find("\"processing\""), std::string::npos) << status->body;
}
