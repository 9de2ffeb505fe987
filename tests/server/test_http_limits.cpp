// test_http_limits.cpp — the HTTP front's limits, each attacked over a real socket as issue 13
// reproduced it: Range floods, chunked bodies past the limit, endless header lines and counts,
// slowloris, idle keep-alive connections, connection caps and emulated latency that must not
// hold threads. Small limits keep every test well under a few seconds.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <cerrno>

#include "core/crypto.h"
#include "core/json.h"
#include "core/url.h"
#include "raw_socket.h"
#include "server/http_front.h"
#include "server/server.h"
#include "server_fixture.h"
#include "server_test_util.h"

using namespace pinlab;
using namespace pinlab::server;

namespace {

using Clock = std::chrono::steady_clock;

using Srv = TestServer;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

std::string body_of(const std::string& response) {
    size_t end = response.find("\r\n\r\n");
    return end == std::string::npos ? std::string() : response.substr(end + 4);
}

// One GET over a fresh connection; returns the raw answer.
std::string get(int port, const std::string& path, int timeout_ms = 3000, const char* from = nullptr) {
    RawSocket s(port, from);
    s.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    return s.read(timeout_ms);
}

}  // namespace

// [SECTION] Head parsing ------------------------------------------------------------------------------

TEST(HttpFront, HeadParsingRefusesAmbiguousFraming) {
    Limits l;
    EXPECT_EQ(parse_request_head("GET / HTTP/1.1\r\nHost: x\r\n\r\n", l).status, 0);
    EXPECT_EQ(parse_request_head("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", l).status, 400);
    EXPECT_EQ(parse_request_head("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", l).status,
              400);
    EXPECT_EQ(parse_request_head("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", l).status, 501);
    EXPECT_EQ(parse_request_head("GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n", l).status, 400);  // obs-fold
    EXPECT_EQ(parse_request_head("GET / HTTP/1.1\r\nBad Name: a\r\n\r\n", l).status, 400);
    EXPECT_EQ(parse_request_head("GET / HTTP/2.0\r\n\r\n", l).status, 400);
    EXPECT_EQ(parse_request_head("POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n", l).status, 413);
    EXPECT_EQ(parse_request_head("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", l).status, 400);
    // Too many ranges: the Range field is dropped, so the answer is the whole file.
    auto many = parse_request_head("GET /a HTTP/1.1\r\nRange: bytes=0-,0-\r\n\r\n", l);
    EXPECT_EQ(many.status, 0);
    EXPECT_EQ(many.normalized.find("Range"), std::string::npos);
    auto one = parse_request_head("GET /a HTTP/1.1\r\nRange: bytes=0-3\r\n\r\n", l);
    EXPECT_NE(one.normalized.find("Range: bytes=0-3"), std::string::npos);
}

TEST(HttpFront, ChunkedDecoderBoundsAndFraming) {
    ChunkedDecoder d;
    std::string body;
    size_t pos = 0;
    EXPECT_EQ(d.feed("5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\nNEXT", pos, body, 100),
              ChunkedDecoder::Done);
    EXPECT_EQ(body, "hello world");
    ChunkedDecoder big;
    body.clear();
    pos = 0;
    EXPECT_EQ(big.feed("ffffffff\r\n", pos, body, 1000), ChunkedDecoder::TooLarge);
    ChunkedDecoder bad;
    pos = 0;
    EXPECT_EQ(bad.feed("zz\r\n", pos, body, 1000), ChunkedDecoder::Bad);
    ChunkedDecoder partial;
    body.clear();
    pos = 0;
    EXPECT_EQ(partial.feed("a\r\n01234", pos, body, 1000), ChunkedDecoder::NeedMore);
}

// [SECTION] Ranges ---------------------------------------------------------------------------------

TEST(HttpFront, RangeFloodGetsTheWholeFileOnce) {
    TempSite site;
    Srv srv(ServerConfig{}, site.root());
    ASSERT_TRUE(srv.ok) << srv.error;
    std::string ranges = "bytes=0-";
    for (int i = 0; i < 2000; ++i) ranges += ",0-";
    RawSocket s(srv.port());
    s.send("GET /pinlab.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\nRange: " + ranges + "\r\n\r\n");
    std::string r = s.read(3000);
    EXPECT_EQ(raw_status(r), 200) << r.substr(0, 200);
    EXPECT_EQ(body_of(r), "console.log('pinlab');\n");  // 23 bytes, not 2001 copies
    // A single range is still served.
    RawSocket one(srv.port());
    one.send("GET /pinlab.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\nRange: bytes=0-6\r\n\r\n");
    std::string o = one.read(3000);
    EXPECT_EQ(raw_status(o), 206) << o.substr(0, 200);
    EXPECT_EQ(body_of(o), "console");
}

// [SECTION] Bodies ---------------------------------------------------------------------------------

TEST(HttpFront, ChunkedBodyPastTheLimitIs413Json) {
    ServerConfig cfg;
    cfg.max_body_bytes = 64 * 1024;
    Srv srv(cfg);
    ASSERT_TRUE(srv.ok) << srv.error;
    RawSocket s(srv.port());
    s.send("POST /v5/pins HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    std::string chunk = "4000\r\n" + std::string(0x4000, 'x') + "\r\n";
    for (int i = 0; i < 64; ++i)  // 1 MiB, far past the limit; the server stops reading at 64 KiB
        if (s.send(chunk) < chunk.size()) break;
    std::string r = s.read_response(3000);
    ASSERT_EQ(raw_status(r), 413) << r.substr(0, 300);
    auto j = json_parse(body_of(r));
    ASSERT_TRUE(j && j->is_object()) << body_of(r);
    EXPECT_EQ((*j)["code"], 413);

    // Under the limit, a chunked body reaches the emulator (401: no token).
    RawSocket ok(srv.port());
    ok.send("POST /v5/pins HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
            "Connection: close\r\n\r\n5\r\n{\"a\":\r\n2\r\n1}\r\n0\r\n\r\n");
    std::string o = ok.read(3000);
    EXPECT_EQ(raw_status(o), 401) << o.substr(0, 300);
}

TEST(HttpFront, ContentLengthPastTheLimitIsRefusedBeforeTheBody) {
    ServerConfig cfg;
    cfg.max_body_bytes = 1024;
    Srv srv(cfg);
    ASSERT_TRUE(srv.ok) << srv.error;
    RawSocket s(srv.port());
    s.send("POST /v5/pins HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n");
    std::string r = s.read_response(2000);  // no body sent: the answer must not wait for it
    EXPECT_EQ(raw_status(r), 413) << r;
}

TEST(HttpFront, SlowBodyIs408) {
    ServerConfig cfg;
    cfg.body_timeout_ms = 400;
    Srv srv(cfg);
    ASSERT_TRUE(srv.ok) << srv.error;
    RawSocket s(srv.port());
    s.send("POST /v5/pins HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789");
    auto t0 = Clock::now();
    std::string r = s.read_response(3000);
    EXPECT_EQ(raw_status(r), 408) << r;
    EXPECT_LT(ms_since(t0), 2000);
}

// [SECTION] Headers --------------------------------------------------------------------------------

TEST(HttpFront, EndlessHeaderLineIs431) {
    Srv srv(ServerConfig{});
    ASSERT_TRUE(srv.ok) << srv.error;
    RawSocket s(srv.port());
    s.send("GET /v5/user_account HTTP/1.1\r\nHost: x\r\nX-Long: ");
    std::string junk(64 * 1024, 'a');
    for (int i = 0; i < 16; ++i)  // 1 MiB with no newline; refused after 8 KiB
        if (s.send(junk) < junk.size()) break;
    std::string r = s.read_response(3000);
    EXPECT_EQ(raw_status(r), 431) << r.substr(0, 300);
    auto j = json_parse(body_of(r));
    EXPECT_TRUE(j && j->is_object() && (*j)["code"] == 431) << body_of(r);
}

TEST(HttpFront, LongRequestLineIs414AndTooManyHeadersIs431) {
    ServerConfig cfg;
    cfg.max_header_count = 50;
    Srv srv(cfg);
    ASSERT_TRUE(srv.ok) << srv.error;
    RawSocket a(srv.port());
    a.send("GET /v5/" + std::string(20000, 'a') + " HTTP/1.1\r\n");
    EXPECT_EQ(raw_status(a.read_response(3000)), 414);

    RawSocket b(srv.port());
    std::string head = "GET /v5/user_account HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 200; ++i) head += "X-H" + std::to_string(i) + ": v\r\n";
    b.send(head + "\r\n");
    EXPECT_EQ(raw_status(b.read_response(3000)), 431);

    // Many large headers add up past the total.
    RawSocket c(srv.port());
    std::string big = "GET /v5/user_account HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 10; ++i) big += "X-B" + std::to_string(i) + ": " + std::string(8000, 'b') + "\r\n";
    c.send(big + "\r\n");
    EXPECT_EQ(raw_status(c.read_response(3000)), 431);
}

// [SECTION] Connections and threads ----------------------------------------------------------------

TEST(HttpFront, SlowlorisHoldsNoThreadAndTimesOut) {
    ServerConfig cfg;
    cfg.threads = 2;
    cfg.header_timeout_ms = 1500;
    Srv srv(cfg);
    ASSERT_TRUE(srv.ok) << srv.error;
    // Eight clients start a request and trickle it (more than there are threads).
    std::vector<std::unique_ptr<RawSocket>> slow;
    for (int i = 0; i < 8; ++i) {
        slow.push_back(std::make_unique<RawSocket>(srv.port()));
        slow.back()->send("GET /v5/user_account HTTP/1.1\r\n");
    }
    for (int i = 0; i < 3; ++i) {
        for (auto& s : slow) s->send("X");
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    // Someone else is answered at once.
    auto t0 = Clock::now();
    std::string r = get(srv.port(), "/v5/user_account", 3000);
    EXPECT_EQ(raw_status(r), 401) << r;
    EXPECT_LT(ms_since(t0), 500);
    // The trickling clients are cut off at the header deadline.
    std::string cut = slow[0]->read_response(3000);
    EXPECT_EQ(raw_status(cut), 408) << cut;
}

TEST(HttpFront, IdleKeepAliveConnectionsDoNotStarveNewClients) {
    ServerConfig cfg;
    cfg.threads = 2;
    Srv srv(cfg);
    ASSERT_TRUE(srv.ok) << srv.error;
    std::vector<std::unique_ptr<RawSocket>> idle;
    for (int i = 0; i < 24; ++i) {  // each makes one request and keeps the connection open
        idle.push_back(std::make_unique<RawSocket>(srv.port()));
        idle.back()->send("GET /v5/user_account HTTP/1.1\r\nHost: x\r\n\r\n");
        EXPECT_EQ(raw_status(idle.back()->read_response(3000)), 401);
    }
    auto t0 = Clock::now();
    std::string r = get(srv.port(), "/v5/user_account");
    EXPECT_EQ(raw_status(r), 401);
    EXPECT_LT(ms_since(t0), 500);
    // And a kept connection still works for its next request.
    idle[0]->send("GET /v5/user_account HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(raw_status(idle[0]->read_response(3000)), 401);
}

TEST(HttpFront, ConnectionCapsPerPeerAndInTotal) {
    ServerConfig cfg;
    cfg.max_connections_per_peer = 3;
    cfg.max_connections = 5;
    Srv srv(cfg);
    ASSERT_TRUE(srv.ok) << srv.error;
    std::vector<std::unique_ptr<RawSocket>> held;
    for (int i = 0; i < 3; ++i) held.push_back(std::make_unique<RawSocket>(srv.port()));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    RawSocket fourth(srv.port());
    EXPECT_EQ(raw_status(fourth.read_response(2000)), 429);
    // Another address is still served, up to the total.
    RawSocket other(srv.port(), "127.0.0.2");
    other.send("GET /v5/user_account HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(raw_status(other.read_response(2000)), 401);
    held.clear();
    fourth.close();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    RawSocket again(srv.port());
    again.send("GET /v5/user_account HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(raw_status(again.read_response(2000)), 401);
}

TEST(HttpFront, TooManyConnectionsIs503) {
    ServerConfig cfg;
    cfg.max_connections_per_peer = 0;
    cfg.max_connections = 4;
    Srv srv(cfg);
    ASSERT_TRUE(srv.ok) << srv.error;
    std::vector<std::unique_ptr<RawSocket>> held;
    for (int i = 0; i < 4; ++i) held.push_back(std::make_unique<RawSocket>(srv.port()));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    RawSocket extra(srv.port());
    std::string r = extra.read_response(2000);
    EXPECT_EQ(raw_status(r), 503) << r;
    EXPECT_NE(r.find("Retry-After"), std::string::npos);
}

TEST(HttpFront, EmulatedLatencyHoldsNoThread) {
    ServerConfig cfg;
    cfg.threads = 1;
    cfg.emulator.faults.latency_ms = 800;
    TempSite site;
    Srv srv(cfg, site.root());
    ASSERT_TRUE(srv.ok) << srv.error;
    std::vector<std::unique_ptr<RawSocket>> api;
    for (int i = 0; i < 4; ++i) {
        api.push_back(std::make_unique<RawSocket>(srv.port()));
        api.back()->send("GET /v5/user_account HTTP/1.1\r\nHost: x\r\n\r\n");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto t0 = Clock::now();
    std::string page = get(srv.port(), "/pinlab.js");
    EXPECT_EQ(raw_status(page), 200);
    EXPECT_LT(ms_since(t0), 400);  // not behind four 800 ms sleeps on the only thread
    for (auto& s : api) EXPECT_EQ(raw_status(s->read_response(3000)), 401);
}

TEST(HttpFront, PipelinedAndExpectContinue) {
    Srv srv(ServerConfig{});
    ASSERT_TRUE(srv.ok) << srv.error;
    RawSocket s(srv.port());
    s.send("GET /v5/user_account HTTP/1.1\r\nHost: x\r\n\r\nGET /v5/boards HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    std::string both = s.read(3000);
    size_t first = both.find("HTTP/1.1 401"), second = both.find("HTTP/1.1 401", first + 1);
    EXPECT_NE(first, std::string::npos);
    EXPECT_NE(second, std::string::npos) << both;

    RawSocket e(srv.port());
    e.send("POST /v5/pins HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");
    std::string cont = e.read(2000, "\r\n\r\n");
    EXPECT_EQ(cont.rfind("HTTP/1.1 100", 0), 0u) << cont;
    e.send("{}");
    std::string rest = e.read(3000);
    EXPECT_NE(rest.find("HTTP/1.1 401"), std::string::npos) << rest;
}

// [SECTION] Fairness ----------------------------------------------------------------------------------

TEST(HttpFront, ImageRendersDoNotHoldUpApiCalls) {
    ServerConfig cfg;
    cfg.threads = 4;
    Srv srv(cfg);
    ASSERT_TRUE(srv.ok) << srv.error;
    // The pins' image paths, through a signed-in client.
    httplib::Client cli("127.0.0.1", srv.port());
    const std::string verifier = pkce_make_verifier(), redirect = srv.server->origin() + "/";
    Params consent = {{"client_id", "pinlab-demo"}, {"redirect_uri", redirect}, {"response_type", "code"},
                      {"scope", "pins:read,boards:read"}, {"state", "s"},
                      {"code_challenge", pkce_challenge_s256(verifier)}, {"code_challenge_method", "S256"},
                      {"decision", "allow"}};
    auto allowed = cli.Post("/oauth/", form_encode(consent), "application/x-www-form-urlencoded");
    ASSERT_TRUE(allowed && allowed->status == 302);
    auto back = parse_url(allowed->get_header_value("Location"));
    ASSERT_TRUE(back);
    auto tok = cli.Post("/v5/oauth/token",
                        form_encode({{"grant_type", "authorization_code"}, {"code", *param(parse_query(back->query), "code")},
                                     {"redirect_uri", redirect}, {"client_id", "pinlab-demo"}, {"code_verifier", verifier}}),
                        "application/x-www-form-urlencoded");
    ASSERT_TRUE(tok && tok->status == 200);
    auto pins = cli.Get("/v5/pins?page_size=30",
                        httplib::Headers{{"Authorization", "Bearer " + (*json_parse(tok->body))["access_token"].get<std::string>()}});
    ASSERT_TRUE(pins && pins->status == 200);
    std::vector<std::string> paths;
    auto listing = json_parse(pins->body);
    ASSERT_TRUE(listing);
    for (const auto& p : (*listing)["items"]) paths.push_back("/media/pins/" + p["id"].get<std::string>() + "/1200x.png");
    ASSERT_GE(paths.size(), 20u);

    // Two clients ask for large uncached images (each drawn for tens of ms) without pause.
    std::atomic<bool> stop{false};
    std::atomic<int> drawn{0};
    std::vector<std::thread> painters;
    for (int t = 0; t < 2; ++t)
        painters.emplace_back([&, t] {
            for (size_t i = static_cast<size_t>(t); !stop.load() && i < paths.size(); i += 2) {
                std::string r = get(srv.port(), paths[i], 10000);
                if (raw_status(r) == 200) ++drawn;
            }
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::vector<double> ms;
    for (int i = 0; i < 15; ++i) {
        auto t0 = Clock::now();
        EXPECT_EQ(raw_status(get(srv.port(), "/v5/user_account")), 401);
        ms.push_back(ms_since(t0));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop = true;
    for (auto& p : painters) p.join();
    std::sort(ms.begin(), ms.end());
    EXPECT_GT(drawn.load(), 0);
    EXPECT_LT(ms[ms.size() / 2], 40.0) << "median API latency while images render";
}

// Images are drawn on a thread of their own at a lower priority; the picture is the same, and the worker
// that asked keeps its own priority (lowering it could not be undone without privileges).
TEST(RenderPriority, SamePictureAndTheCallerKeepsItsPriority) {
    const std::string job = "12345:1000:1500:150:225";
    errno = 0;
    const int before = getpriority(PRIO_PROCESS, 0);
    std::string plain = pinlab::emu::Emulator::render_deferred(job);
    ASSERT_FALSE(plain.empty());
    EXPECT_EQ(render_at_low_priority(job, 10), plain);
    EXPECT_EQ(render_at_low_priority(job, 0), plain);
    EXPECT_EQ(getpriority(PRIO_PROCESS, 0), before);
    // Several at once (the render slots allow more than one): each on its own thread, all the same picture.
    std::vector<std::thread> ts;
    std::atomic<int> same{0};
    for (int i = 0; i < 4; ++i)
        ts.emplace_back([&] { if (render_at_low_priority(job, 19) == plain) ++same; });
    for (auto& t : ts) t.join();
    EXPECT_EQ(same.load(), 4);
}
