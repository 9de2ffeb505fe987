// test_client.cpp — the client engine against a scripted fake transport with a manual clock:
// delivery in pump(), validation, retries/backoff, 429 waits, pacing, in-flight cap, refresh on
// expiry and on 401, timeouts, cancel, pagination, error hints.
#include <gtest/gtest.h>

#include "core/client.h"
#include "core/url.h"
#include "scripted_transport.h"

using namespace pinlab;
using namespace pinlab::test;

namespace {

struct Fixture {
    ScriptedTransport tr;
    MemoryStorage st;
    int64_t epoch = 1'700'000'000'000;  // 2023-11-14
    std::unique_ptr<Client> client;

    explicit Fixture(ClientConfig c = {}) {
        c.api_base = "https://api.test/v5";
        c.oauth.token_url = "https://api.test/v5/oauth/token";
        c.oauth.client_id = "cid";
        c.oauth.redirect_uri = "https://app.test/cb";
        c.retry.random01 = [] { return 0.0; };  // deterministic: full delay
        c.epoch_ms = [this] { return epoch; };
        client = std::make_unique<Client>(tr, c, st);
    }
    void sign_in(int64_t expires_in = 3600) {
        Response r;
        r.status = 200;
        r.body = R"({"access_token":"pina_A1","refresh_token":"pinr_R1","expires_in":)" + std::to_string(expires_in) +
                 R"(,"scope":"boards:read pins:read"})";
        client->auth().accept_token_response(r, epoch / 1000);
    }
    void advance(double ms) {
        tr.clock += ms;
        epoch += static_cast<int64_t>(ms);
    }
    template <class H>
    void run_until_done(H& h, int max_frames = 200, double step_ms = 100) {
        for (int i = 0; i < max_frames && h->pending(); ++i) {
            client->pump();
            if (h->pending()) advance(step_ms);
        }
    }
};

const char* kBoard = R"({"id":"7","name":"Trips","privacy":"PUBLIC"})";

}  // namespace

TEST(Client, DeliversOnlyInPumpWithBearerAndUrl) {
    Fixture f;
    f.sign_in();
    f.tr.script.push_back(json_reply(200, kBoard));
    auto h = f.client->get_board("7");
    EXPECT_TRUE(h->pending());
    EXPECT_TRUE(f.tr.sent.empty());  // nothing leaves before pump
    f.client->pump();                // sends
    ASSERT_EQ(f.tr.sent.size(), 1u);
    EXPECT_EQ(f.tr.sent[0].url, "https://api.test/v5/boards/7");
    EXPECT_EQ(f.tr.sent[0].headers.get("Authorization"), "Bearer pina_A1");
    EXPECT_TRUE(h->pending());
    f.client->pump();                // receives
    ASSERT_TRUE(h->done());
    EXPECT_EQ(h->value->name, "Trips");
    EXPECT_EQ(f.client->log().entries().back().status, 200);
    EXPECT_EQ(f.client->log().entries().back().request_headers.get("Authorization"), "Bearer [REDACTED]");
}

TEST(Client, ValidationFailsWithoutSending) {
    Fixture f;
    f.sign_in();
    auto a = f.client->list_pins({0, ""});
    auto b = f.client->list_boards({251, ""});
    PinCreate p;
    p.board_id = "1";
    p.title = std::string(101, 'x');
    p.media_source = MediaSource::image_url("https://x/a.png");
    auto c = f.client->create_pin(p);
    auto d = f.client->get_pin("../../etc");
    AnalyticsQuery q;
    q.start_date = "2023-11-10";
    q.end_date = "2023-11-01";
    auto e = f.client->get_user_account_analytics(q);
    q.start_date = "2023-01-01";
    q.end_date = "2023-01-02";
    auto g = f.client->get_user_account_analytics(q);
    q.start_date = "2023-11-01";
    q.end_date = "2023-11-13";
    auto ok = f.client->get_user_account_analytics(q);
    for (auto* call : std::initializer_list<CallBase*>{a.get(), b.get(), c.get(), d.get(), e.get(), g.get()}) {
        ASSERT_TRUE(call->failed());
        EXPECT_EQ(call->error.kind, ErrorKind::Validation) << call->error.describe();
    }
    EXPECT_NE(a->error.message.find("page_size"), std::string::npos);
    EXPECT_NE(c->error.message.find("title"), std::string::npos);
    EXPECT_NE(e->error.message.find("after end_date"), std::string::npos);
    EXPECT_NE(g->error.message.find("90 days"), std::string::npos);
    f.client->pump();
    ASSERT_EQ(f.tr.sent.size(), 1u);  // only the valid analytics call
    EXPECT_NE(f.tr.sent[0].url.find("start_date=2023-11-01"), std::string::npos);
    EXPECT_TRUE(ok->pending());
}

TEST(Client, DeleteAccepts204WithEmptyBody) {
    Fixture f;
    f.sign_in();
    Reply r = json_reply(204, "");
    f.tr.script.push_back(r);
    auto h = f.client->delete_pin("12");
    f.run_until_done(h);
    ASSERT_TRUE(h->done()) << h->error.describe();
    EXPECT_EQ(f.tr.sent.at(0).method, "DELETE");
    EXPECT_EQ(f.tr.sent.at(0).url, "https://api.test/v5/pins/12");
}

TEST(Client, GetRetriedOn5xxWithBackoff) {
    Fixture f;
    f.sign_in();
    f.tr.script.push_back(json_reply(503, R"({"code":0,"message":"busy"})"));
    f.tr.script.push_back(json_reply(500, R"({"code":0,"message":"oops"})"));
    f.tr.script.push_back(json_reply(200, kBoard));
    auto h = f.client->get_board("7");
    f.client->pump();
    f.client->pump();  // 503 received; retry scheduled in 500 ms
    EXPECT_EQ(f.tr.sent.size(), 1u);
    f.advance(499);
    f.client->pump();
    EXPECT_EQ(f.tr.sent.size(), 1u);
    f.advance(1);
    f.client->pump();
    EXPECT_EQ(f.tr.sent.size(), 2u);
    f.client->pump();  // 500 received; next delay 1000 ms
    f.advance(999);
    f.client->pump();
    EXPECT_EQ(f.tr.sent.size(), 2u);
    f.advance(1);
    f.client->pump();
    f.client->pump();
    ASSERT_TRUE(h->done());
    EXPECT_EQ(h->attempts, 3);
}

TEST(Client, RetriesAreBounded) {
    Fixture f;
    f.sign_in();
    f.tr.responder = [](const Request&) { return json_reply(500, R"({"code":0,"message":"down"})"); };
    auto h = f.client->get_user_account();
    f.run_until_done(h);
    ASSERT_TRUE(h->failed());
    EXPECT_EQ(h->error.kind, ErrorKind::Server);
    EXPECT_EQ(f.tr.sent.size(), 4u);
    EXPECT_FALSE(h->error.hint.empty());
}

TEST(Client, CreateIsNeverRetriedAfterUnknownOutcome) {
    Fixture f;
    f.sign_in();
    PinCreate p;
    p.board_id = "1";
    p.media_source = MediaSource::image_url("https://x/a.png");
    f.tr.script.push_back(net_error());
    auto h = f.client->create_pin(p);
    f.run_until_done(h);
    ASSERT_TRUE(h->failed());
    EXPECT_EQ(h->error.kind, ErrorKind::OutcomeUnknown);
    EXPECT_NE(h->error.hint.find("NOT retried"), std::string::npos);
    EXPECT_EQ(f.tr.sent.size(), 1u);
    // A 500 and an unreadable 201 are unknown outcomes too, also sent once each.
    f.tr.script.push_back(json_reply(500, "{}"));
    auto h2 = f.client->create_pin(p);
    f.run_until_done(h2);
    EXPECT_EQ(h2->error.kind, ErrorKind::OutcomeUnknown);
    f.tr.script.push_back(json_reply(201, R"({"id":"5","tit)"));
    auto h3 = f.client->create_pin(p);
    f.run_until_done(h3);
    EXPECT_EQ(h3->error.kind, ErrorKind::OutcomeUnknown);
    EXPECT_EQ(f.tr.sent.size(), 3u);
}

TEST(Client, MalformedGetBodyIsReadAgain) {
    Fixture f;
    f.sign_in();
    f.tr.script.push_back(json_reply(200, R"({"id":"7","na)"));
    f.tr.script.push_back(json_reply(200, kBoard));
    auto h = f.client->get_board("7");
    f.run_until_done(h);
    ASSERT_TRUE(h->done());
    EXPECT_EQ(h->attempts, 2);
    // A schema error is not retried: reading again would give the same answer.
    f.tr.script.push_back(json_reply(200, R"({"id":7,"name":"x"})"));
    auto bad = f.client->get_board("7");
    f.run_until_done(bad);
    ASSERT_TRUE(bad->failed());
    EXPECT_EQ(bad->error.kind, ErrorKind::Decode);
    EXPECT_EQ(bad->error.message, "id: expected string, got integer");
    EXPECT_EQ(bad->attempts, 1);
}

TEST(Client, RateLimit429WaitsForReset) {
    Fixture f;
    f.sign_in();
    Headers h429;
    h429.set("X-RateLimit-Remaining", "0");
    h429.set("X-RateLimit-Reset", "3");
    f.tr.script.push_back(json_reply(429, R"({"code":8,"message":"rate limit"})", h429));
    f.tr.script.push_back(json_reply(200, kBoard));
    auto h = f.client->get_board("7");
    f.client->pump();
    f.client->pump();
    EXPECT_EQ(f.client->rate_limits().at("org_read").remaining, 0);
    f.advance(2999);
    f.client->pump();
    EXPECT_EQ(f.tr.sent.size(), 1u);
    f.advance(1);
    f.client->pump();
    f.client->pump();
    ASSERT_TRUE(h->done());
    EXPECT_EQ(f.tr.sent.size(), 2u);
}

TEST(Client, RateLimitErrorHintShowsSeconds) {
    Fixture f;
    f.sign_in();
    Headers h429;
    h429.set("X-RateLimit-Reset", "600");  // longer than the client will wait
    f.tr.responder = [&](const Request&) { return json_reply(429, R"({"code":8,"message":"rate"})", h429); };
    auto h = f.client->get_user_account();
    f.run_until_done(h);
    ASSERT_TRUE(h->failed());
    EXPECT_EQ(h->error.kind, ErrorKind::RateLimited);
    EXPECT_NE(h->error.hint.find("600 s"), std::string::npos) << h->error.hint;
    EXPECT_DOUBLE_EQ(h->error.retry_after_ms, 600000);
}

TEST(Client, PacesFromRemainingPerCategory) {
    Fixture f;
    f.sign_in();
    Headers hdr;
    hdr.set("X-RateLimit-Remaining", "0");
    hdr.set("X-RateLimit-Reset", "5");
    hdr.set("X-RateLimit-Limit", "100, 100;w=1, 1000;w=60");
    f.tr.script.push_back(json_reply(200, kBoard, hdr));
    auto a = f.client->get_board("7");
    f.client->pump();
    f.client->pump();
    ASSERT_TRUE(a->done());
    EXPECT_EQ(f.client->rate_limits().at("org_read").limit, 100);
    f.tr.responder = [](const Request&) { return json_reply(200, kBoard); };
    auto b = f.client->get_board("7");            // org_read: held until reset
    auto c = f.client->create_board({"B", {}, {}, {}});  // org_write: not affected
    f.client->pump();
    ASSERT_EQ(f.tr.sent.size(), 2u);
    EXPECT_EQ(f.tr.sent[1].method, "POST");
    EXPECT_EQ(f.client->rate_limits().at("org_read").held, 1);  // what the console's meter shows
    f.advance(5000);
    f.client->pump();
    EXPECT_EQ(f.tr.sent.size(), 3u);
    EXPECT_EQ(f.client->rate_limits().at("org_read").held, 0);
}

TEST(Client, InFlightIsCapped) {
    ClientConfig c;
    c.max_in_flight = 6;
    Fixture f(c);
    f.sign_in();
    f.tr.responder = [](const Request&) {
        Reply r = json_reply(200, kBoard);
        r.delay_ms = 50;
        return r;
    };
    std::vector<Handle<Board>> hs;
    for (int i = 0; i < 10; ++i) hs.push_back(f.client->get_board("7"));
    f.client->pump();
    EXPECT_EQ(f.tr.sent.size(), 6u);
    EXPECT_EQ(f.client->in_flight(), 6u);
    EXPECT_EQ(f.client->queued(), 4u);
    f.advance(50);
    f.client->pump();
    EXPECT_EQ(f.tr.sent.size(), 10u);
    f.advance(50);
    f.client->pump();
    for (auto& h : hs) EXPECT_TRUE(h->done());
}

TEST(Client, RefreshesOnceOn401AndReplays) {
    Fixture f;
    f.sign_in();
    f.tr.responder = [&](const Request& r) {
        if (r.url.find("/oauth/token") != std::string::npos)
            return json_reply(200, R"({"access_token":"pina_A2","refresh_token":"pinr_R2","expires_in":3600,"scope":"boards:read pins:read"})");
        if (r.headers.get("Authorization") == "Bearer pina_A2") return json_reply(200, kBoard);
        return json_reply(401, R"({"code":2,"message":"Authentication failed."})");
    };
    PinCreate p;
    p.board_id = "1";
    p.media_source = MediaSource::image_url("https://x/a.png");
    auto h = f.client->get_board("7");
    f.run_until_done(h);
    ASSERT_TRUE(h->done()) << h->error.describe();
    ASSERT_EQ(f.tr.sent.size(), 3u);
    EXPECT_NE(f.tr.sent[1].url.find("/oauth/token"), std::string::npos);
    EXPECT_EQ(param(form_decode(f.tr.sent[1].body), "refresh_token").value_or(""), "pinr_R1");
    EXPECT_EQ(f.client->auth().tokens()->refresh_token, "pinr_R2");
    // A token that is rejected even after refreshing fails with Auth (no loop).
    f.tr.responder = [](const Request& r) {
        if (r.url.find("/oauth/token") != std::string::npos)
            return json_reply(200, R"({"access_token":"pina_A3","refresh_token":"pinr_R3","expires_in":3600,"scope":"x"})");
        return json_reply(401, R"({"code":2,"message":"Authentication failed."})");
    };
    auto h2 = f.client->get_board("7");
    f.run_until_done(h2);
    ASSERT_TRUE(h2->failed());
    EXPECT_EQ(h2->error.kind, ErrorKind::Auth);
    EXPECT_NE(h2->error.hint.find("sign in again"), std::string::npos);
}

TEST(Client, RefreshesBeforeExpiry) {
    Fixture f;
    f.sign_in(/*expires_in=*/600);
    f.tr.responder = [](const Request& r) {
        if (r.url.find("/oauth/token") != std::string::npos)
            return json_reply(200, R"({"access_token":"pina_NEW","refresh_token":"pinr_NEW","expires_in":3600,"scope":"x"})");
        return json_reply(200, kBoard);
    };
    f.advance(400 * 1000);  // within the 300 s margin
    auto h = f.client->get_board("7");
    f.run_until_done(h);
    ASSERT_TRUE(h->done());
    ASSERT_EQ(f.tr.sent.size(), 2u);
    EXPECT_NE(f.tr.sent[0].url.find("/oauth/token"), std::string::npos);
    EXPECT_EQ(f.tr.sent[1].headers.get("Authorization"), "Bearer pina_NEW");
}

TEST(Client, RestoredTokensAreUsedAndRefreshed) {
    Fixture f;
    Tokens t;
    t.access_token = "pina_OLD";
    t.refresh_token = "pinr_OLD";
    t.expires_at = f.epoch / 1000 + 100;  // within the refresh margin
    t.scopes = {"boards:read"};
    ASSERT_TRUE(f.client->restore_tokens(t).ok());
    EXPECT_TRUE(f.client->auth().signed_in());
    f.tr.responder = [](const Request& r) {
        if (r.url.find("/oauth/token") != std::string::npos)
            return json_reply(200, R"({"access_token":"pina_NEW","refresh_token":"pinr_NEW","expires_in":3600,)"
                                   R"("scope":"x"})");
        return json_reply(200, kBoard);
    };
    auto h = f.client->get_board("7");
    f.run_until_done(h);
    ASSERT_TRUE(h->done()) << h->error.describe();
    ASSERT_EQ(f.tr.sent.size(), 2u);
    EXPECT_EQ(param(form_decode(f.tr.sent[0].body), "refresh_token").value_or(""), "pinr_OLD");
    EXPECT_EQ(f.tr.sent[1].headers.get("Authorization"), "Bearer pina_NEW");
    EXPECT_FALSE(f.client->restore_tokens(Tokens{}).ok());
    EXPECT_EQ(f.client->auth().tokens()->access_token, "pina_NEW");  // a bad restore changes nothing
}

TEST(Client, NotSignedInFailsWithHint) {
    Fixture f;
    auto h = f.client->get_user_account();
    f.client->pump();
    ASSERT_TRUE(h->failed());
    EXPECT_EQ(h->error.kind, ErrorKind::Auth);
    EXPECT_TRUE(f.tr.sent.empty());
}

TEST(Client, TimeoutWatchdogAndCancel) {
    ClientConfig c;
    c.timeout_ms = 1000;
    c.retry.max_attempts = 1;
    Fixture f(c);
    f.sign_in();
    Reply never;
    never.never = true;
    f.tr.script.push_back(never);
    auto h = f.client->get_user_account();
    f.client->pump();
    f.advance(2001);
    f.client->pump();
    ASSERT_TRUE(h->failed());
    EXPECT_EQ(h->error.kind, ErrorKind::Timeout);
    f.tr.script.push_back(never);
    auto h2 = f.client->get_user_account();
    f.client->pump();
    f.client->cancel(*h2);
    ASSERT_TRUE(h2->failed());
    EXPECT_EQ(h2->error.kind, ErrorKind::Cancelled);
    EXPECT_EQ(f.tr.cancelled.size(), 2u);
    auto h3 = f.client->get_user_account();  // cancelled while queued: never sent
    size_t before = f.tr.sent.size();
    f.client->cancel(*h3);
    f.client->pump();
    EXPECT_EQ(f.tr.sent.size(), before);
    EXPECT_EQ(h3->error.kind, ErrorKind::Cancelled);
}

TEST(Client, PermissionAndTrialHints) {
    Fixture f;
    f.sign_in();
    f.tr.script.push_back(json_reply(401, R"({"code":3,"message":"Your token does not have sufficient permissions"})"));
    auto h = f.client->list_ad_accounts();
    f.run_until_done(h);
    ASSERT_TRUE(h->failed());
    EXPECT_EQ(h->error.kind, ErrorKind::Permission);
    EXPECT_NE(h->error.hint.find("ads:read"), std::string::npos);
    EXPECT_EQ(f.tr.sent.size(), 1u);  // code 3 is not an expired token: no refresh
    f.tr.script.push_back(json_reply(403, R"({"code":29,"message":"You are not permitted to access that resource."})"));
    PinCreate p;
    p.board_id = "1";
    p.media_source = MediaSource::image_url("https://x/a.png");
    auto c = f.client->create_pin(p);
    f.run_until_done(c);
    EXPECT_NE(c->error.hint.find("sandbox"), std::string::npos);
}

// No HTTP answer from an API that never answered (CORS, an unreachable host) is tried once more, not four
// times; once the API has answered, a lost answer is a dropped connection and is retried as usual.
TEST(Client, NoAnswerIsRetriedOnceUntilTheApiHasAnswered) {
    Fixture f;
    f.sign_in();
    for (int i = 0; i < 2; ++i) f.tr.script.push_back(net_error());  // a third would be the next call's
    auto n = f.client->get_user_account();
    f.run_until_done(n);
    EXPECT_EQ(n->error.kind, ErrorKind::Transport);
    EXPECT_NE(n->error.hint.find("CORS"), std::string::npos);
    EXPECT_EQ(n->attempts, 2);

    f.tr.script.push_back(json_reply(200, R"({"username":"u","account_type":"BUSINESS"})"));
    auto ok = f.client->get_user_account();
    f.run_until_done(ok);
    ASSERT_TRUE(ok->value.has_value());
    for (int i = 0; i < 2; ++i) f.tr.script.push_back(net_error());
    f.tr.script.push_back(json_reply(200, R"({"username":"u","account_type":"BUSINESS"})"));
    auto again = f.client->get_user_account();
    f.run_until_done(again);
    ASSERT_TRUE(again->value.has_value()) << again->error.describe();
    EXPECT_EQ(again->attempts, 3);
}

TEST(Client, PagerAndFetchAll) {
    Fixture f;
    f.sign_in();
    // 3 pages of pins: ids 1..5, bookmarks "b1", "b2", then null.
    f.tr.responder = [](const Request& r) {
        auto u = parse_url(r.url);
        auto bm = param(parse_query(u->query), "bookmark").value_or("");
        if (bm.empty()) return json_reply(200, R"({"items":[{"id":"1"},{"id":"2"}],"bookmark":"b1"})");
        if (bm == "b1") return json_reply(200, R"({"items":[{"id":"3"},{"id":"4"}],"bookmark":"b2"})");
        return json_reply(200, R"({"items":[{"id":"5"}],"bookmark":null})");
    };
    Pager<Pin> pager = f.client->pins_pager(2);
    EXPECT_TRUE(pager.load_more());
    EXPECT_FALSE(pager.load_more());  // already loading
    for (int i = 0; i < 3; ++i) {
        f.client->pump();
        pager.poll();
    }
    EXPECT_EQ(pager.items.size(), 2u);
    EXPECT_EQ(pager.bookmark, "b1");
    EXPECT_FALSE(pager.done);
    pager.load_more();
    f.client->pump();
    f.client->pump();
    pager.poll();
    pager.load_more();
    f.client->pump();
    f.client->pump();
    pager.poll();
    EXPECT_TRUE(pager.done);
    ASSERT_EQ(pager.items.size(), 5u);
    EXPECT_EQ(pager.items[4].id, "5");

    auto all = f.client->fetch_all(f.client->pins_pager(2), 100);
    f.run_until_done(all);
    ASSERT_TRUE(all->done());
    EXPECT_EQ(all->value->size(), 5u);
    auto capped = f.client->fetch_all(f.client->pins_pager(2), 3);
    f.run_until_done(capped);
    ASSERT_TRUE(capped->done());
    EXPECT_EQ(capped->value->size(), 3u);
    auto bad = f.client->fetch_all(f.client->pins_pager(0), 3);
    EXPECT_TRUE(bad->failed());
    EXPECT_EQ(bad->error.kind, ErrorKind::Validation);
}

TEST(Client, QueryEncodingForListsAndAnalytics) {
    Fixture f;
    f.sign_in();
    f.tr.responder = [](const Request&) { return json_reply(200, R"({"items":[]})"); };
    PinListQuery q;
    q.creative_types = {"REGULAR", "VIDEO"};
    q.pin_metrics = true;
    f.client->list_pins({50, "bm 1"}, q);
    AnalyticsQuery a;
    a.start_date = "2023-11-01";
    a.end_date = "2023-11-10";
    a.metric_types = {"IMPRESSION", "SAVE"};
    f.client->get_multi_pin_analytics({"1", "2"}, a);
    f.client->search_pins("red shoes");
    f.client->pump();
    ASSERT_EQ(f.tr.sent.size(), 3u);
    EXPECT_EQ(f.tr.sent[0].url,
              "https://api.test/v5/pins?bookmark=bm%201&page_size=50&creative_types=REGULAR&creative_types=VIDEO&pin_metrics=true");
    EXPECT_NE(f.tr.sent[1].url.find("pin_ids=1&pin_ids=2"), std::string::npos);
    EXPECT_NE(f.tr.sent[1].url.find("metric_types=IMPRESSION%2CSAVE"), std::string::npos);
    EXPECT_EQ(f.tr.sent[2].url, "https://api.test/v5/search/pins?query=red%20shoes");
}

TEST(Client, SignInFlowThroughTransport) {
    Fixture f;
    auto url = f.client->begin_sign_in();
    ASSERT_TRUE(url.ok());
    auto state = f.st.get("pinlab.oauth.state");
    f.tr.script.push_back(json_reply(200, R"({"access_token":"pina_A","refresh_token":"pinr_R","expires_in":3600,"scope":"boards:read pins:read"})"));
    auto h = f.client->complete_sign_in("https://app.test/cb?code=XYZ&state=" + *state);
    f.run_until_done(h);
    ASSERT_TRUE(h->done()) << h->error.describe();
    EXPECT_EQ(h->value->access_token, "pina_A");
    EXPECT_EQ(f.client->auth().state(), AuthState::SignedIn);
    const LogEntry& e = f.client->log().entries().back();
    EXPECT_EQ(e.request_body.find("XYZ"), std::string::npos);  // code redacted in the log
    EXPECT_EQ(e.response_body.find("pina_A"), std::string::npos);
    auto out = f.client->sign_out();
    EXPECT_TRUE(out->done());  // no revoke URL configured: forget locally
    EXPECT_FALSE(f.client->auth().signed_in());
}
