// test_client_emulator.cpp — the client against the in-process emulator (EmulatorTransport, fake
// clocks): the full PKCE sign-in through the consent page, refresh rotation, every operation,
// pagination over 1,000 pins, and the fault matrix (5xx, 429, drops, timeouts, truncated and
// malformed bodies, tokens expiring mid-session) with nothing lost or duplicated.
#include <gtest/gtest.h>

#include <set>

#include "client_env.h"
#include "core/url.h"

using namespace pinlab;

namespace {

const char* kRedirect = "http://localhost:8080/oauth/callback";

// The PKCE public client "pinlab-demo" of the emulator, signed out.
ClientConfig with_oauth(ClientConfig c) {
    c.oauth.authorize_url = "/oauth/";
    c.oauth.token_url = "/v5/oauth/token";
    c.oauth.revoke_url = "/v5/oauth/token/revoke";
    c.oauth.client_id = "pinlab-demo";
    c.oauth.redirect_uri = kRedirect;
    c.oauth.environment = "emulator";
    c.oauth.scopes = {"user_accounts:read", "boards:read", "boards:write", "pins:read", "pins:write", "ads:read",
                      "boards:read_secret", "boards:write_secret", "pins:read_secret", "pins:write_secret"};
    return c;
}

struct Env : test::ClientEnv {
    explicit Env(int pins = 1000, ClientConfig c = {}) : ClientEnv(pins, with_oauth(std::move(c))) {}
    // The "browser": open the consent page, submit the form with `decision`, return the redirect URL.
    std::string consent(const std::string& authorize_url, const std::string& decision) {
        Request get;
        get.url = authorize_url;
        Response page = emu.handle(get, epoch);
        EXPECT_EQ(page.status, 200) << page.body;
        Params form;
        size_t pos = 0;
        while ((pos = page.body.find("<input type=\"hidden\" name=\"", pos)) != std::string::npos) {
            pos += 27;
            size_t q = page.body.find('"', pos);
            std::string name = page.body.substr(pos, q - pos);
            size_t v = page.body.find("value=\"", q) + 7;
            size_t ve = page.body.find('"', v);
            form.emplace_back(name, page.body.substr(v, ve - v));  // values here need no HTML unescaping
            pos = ve;
        }
        form.emplace_back("decision", decision);
        Request post;
        post.method = "POST";
        post.url = "/oauth/";
        post.headers.set("Content-Type", "application/x-www-form-urlencoded");
        post.body = form_encode(form);
        Response redirect = emu.handle(post, epoch);
        EXPECT_TRUE(redirect.status == 302 || redirect.status == 303) << redirect.status << redirect.body;
        return std::string(redirect.headers.get("Location"));
    }
    void sign_in() {
        auto url = client->begin_sign_in();
        ASSERT_TRUE(url.ok());
        auto h = client->complete_sign_in(consent(*url.value, "allow"));
        wait(h);
        ASSERT_TRUE(h->done()) << h->error.describe();
    }
    size_t count_pins() {
        auto all = client->fetch_all(client->pins_pager(250), 100000);
        wait(all);
        EXPECT_TRUE(all->done()) << all->error.describe();
        return all->value ? all->value->size() : 0;
    }
};

PinCreate new_pin(const std::string& board_id, const std::string& title) {
    PinCreate p;
    p.board_id = board_id;
    p.title = title;
    p.link = "https://example.com/" + title;
    p.media_source = MediaSource::image_url("https://example.com/" + title + ".jpg");
    return p;
}

}  // namespace

TEST(Integration, FullPkceFlowRefreshRotationAndRevoke) {
    Env env(50);
    env.sign_in();
    const Tokens t1 = *env.client->auth().tokens();
    EXPECT_EQ(t1.access_token.rfind("pina", 0), 0u);
    EXPECT_EQ(t1.refresh_token.rfind("pinr", 0), 0u);
    EXPECT_TRUE(t1.has_scope("pins:write"));
    EXPECT_GT(t1.expires_at, env.epoch / 1000);
    auto me = env.client->get_user_account();
    env.wait(me);
    ASSERT_TRUE(me->done()) << me->error.describe();
    EXPECT_TRUE(me->value->username.has_value());

    auto r = env.client->refresh_now();
    env.wait(r);
    ASSERT_TRUE(r->done()) << r->error.describe();
    EXPECT_NE(r->value->refresh_token, t1.refresh_token);  // rotated
    EXPECT_NE(r->value->access_token, t1.access_token);
    // The old refresh token no longer works.
    Request old;
    old.method = "POST";
    old.url = "/v5/oauth/token";
    old.headers.set("Content-Type", "application/x-www-form-urlencoded");
    old.body = form_encode({{"grant_type", "refresh_token"}, {"refresh_token", t1.refresh_token}, {"client_id", "pinlab-demo"}});
    EXPECT_GE(env.emu.handle(old, env.epoch).status, 400);

    // Reusing the same redirect (page reload) is rejected by the client before any request.
    auto url = env.client->begin_sign_in();
    std::string redirect = env.consent(*url.value, "allow");
    auto ok = env.client->complete_sign_in(redirect);
    env.wait(ok);
    ASSERT_TRUE(ok->done());
    auto again = env.client->complete_sign_in(redirect);
    ASSERT_TRUE(again->failed());
    EXPECT_NE(again->error.message.find("already used"), std::string::npos);

    auto out = env.client->sign_out();
    env.wait(out);
    EXPECT_TRUE(out->done()) << out->error.describe();
    EXPECT_FALSE(env.client->auth().signed_in());
    auto after = env.client->get_user_account();
    env.wait(after);
    EXPECT_EQ(after->error.kind, ErrorKind::Auth);
}

TEST(Integration, ConsentDeniedIsExplained) {
    Env env(10);
    auto url = env.client->begin_sign_in();
    auto h = env.client->complete_sign_in(env.consent(*url.value, "deny"));
    ASSERT_TRUE(h->failed());
    EXPECT_NE(h->error.message.find("access denied"), std::string::npos);
}

TEST(Integration, EveryOperation) {
    Env env(60);
    env.sign_in();
    Client& c = *env.client;
    auto board = c.create_board({"Integration board", std::string("made by a test"), std::string("SECRET"), {}});
    env.wait(board);
    ASSERT_TRUE(board->done()) << board->error.describe();
    const std::string bid = board->value->id;
    auto got = c.get_board(bid);
    auto upd = c.update_board(bid, {std::string("Renamed"), {}, std::string("PUBLIC")});
    env.wait(got);
    env.wait(upd);
    ASSERT_TRUE(got->done()) << got->error.describe();
    ASSERT_TRUE(upd->done()) << upd->error.describe();
    EXPECT_EQ(upd->value->name, "Renamed");
    auto sec = c.create_section(bid, {"Part one"});
    env.wait(sec);
    ASSERT_TRUE(sec->done()) << sec->error.describe();
    auto secu = c.update_section(bid, sec->value->id, {"Part 1"});
    env.wait(secu);
    ASSERT_TRUE(secu->done()) << secu->error.describe();
    auto pin = c.create_pin(new_pin(bid, "first"));
    env.wait(pin);
    ASSERT_TRUE(pin->done()) << pin->error.describe();
    const std::string pid = pin->value->id;
    EXPECT_EQ(pin->value->title.value_or(""), "first");
    PinUpdate pu;
    pu.title = "first, edited";
    auto pupd = c.update_pin(pid, pu);
    env.wait(pupd);
    ASSERT_TRUE(pupd->done()) << pupd->error.describe();
    EXPECT_EQ(pupd->value->title.value_or(""), "first, edited");
    auto saved = c.save_pin(pid, {bid, sec->value->id});
    env.wait(saved);
    ASSERT_TRUE(saved->done()) << saved->error.describe();

    auto lists = std::vector<std::shared_ptr<CallBase>>{
        c.get_pin(pid), c.list_boards(), c.list_board_pins(bid), c.list_sections(bid),
        c.list_section_pins(bid, sec->value->id), c.list_pins({100, ""}), c.list_media(), c.list_ad_accounts(),
        c.search_pins("first"), c.search_boards("Renamed")};
    AnalyticsQuery a;
    a.start_date = days_to_ymd(env.epoch / 86400000 - 10);
    a.end_date = days_to_ymd(env.epoch / 86400000 - 1);
    a.metric_types = {"IMPRESSION", "SAVE"};
    lists.push_back(c.get_user_account_analytics(a));
    lists.push_back(c.get_pin_analytics(pid, a));
    lists.push_back(c.get_multi_pin_analytics({pid}, a));
    TopPinsQuery tq;
    tq.start_date = a.start_date;
    tq.end_date = a.end_date;
    lists.push_back(c.get_user_account_top_pins(tq));
    auto media = c.register_media();
    lists.push_back(media);
    for (auto& h : lists) env.wait(h);
    for (size_t i = 0; i < lists.size(); ++i)
        EXPECT_TRUE(lists[i]->done()) << i << ": " << lists[i]->error.describe();
    if (media->done()) {
        auto mg = c.get_media(media->value->media_id);
        env.wait(mg);
        EXPECT_TRUE(mg->done()) << mg->error.describe();
    }
    auto del_sec = c.delete_section(bid, sec->value->id);
    auto del_pin = c.delete_pin(pid);
    env.wait(del_sec);
    env.wait(del_pin);
    EXPECT_TRUE(del_sec->done()) << del_sec->error.describe();
    EXPECT_TRUE(del_pin->done()) << del_pin->error.describe();
    auto gone = c.get_pin(pid);
    env.wait(gone);
    EXPECT_EQ(gone->error.kind, ErrorKind::NotFound);
    auto del_board = c.delete_board(bid);
    env.wait(del_board);
    EXPECT_TRUE(del_board->done()) << del_board->error.describe();
    // Nothing decoded wrongly along the way: every log entry finished.
    for (const auto& e : c.log().entries()) EXPECT_TRUE(e.done) << e.operation;
}

TEST(Integration, PaginationOver1000Pins) {
    Env env(1000);
    env.sign_in();
    // (fetch_all over the same 1,000 pins runs in FaultMatrixReadsLoseNothing.) Load-more with the Pager the UI keeps.
    Pager<Pin> pager = env.client->pins_pager(250);
    for (int frame = 0; frame < 2000 && !pager.done; ++frame) {
        pager.load_more();
        env.client->pump();
        pager.poll();
        env.advance(10);
        ASSERT_TRUE(pager.error.ok()) << pager.error.describe();
    }
    EXPECT_TRUE(pager.done);
    EXPECT_EQ(pager.items.size(), 1000u);
    EXPECT_EQ(pager.pages, 4);
    std::set<std::string> ids;
    for (const auto& p : pager.items) ids.insert(p.id);
    EXPECT_EQ(ids.size(), 1000u);
}

TEST(Integration, FaultMatrixReadsLoseNothing) {
    ClientConfig cfg;
    cfg.retry.max_attempts = 12;
    cfg.retry.max_delay_ms = 2000;
    Env env(1000, cfg);
    env.sign_in();
    emu::Faults& f = env.emu.faults();
    f.p_5xx = 0.15;
    f.p_429 = 0.1;
    f.p_truncated = 0.1;
    f.p_malformed = 0.1;
    f.p_drop = 0.1;
    auto all = env.client->fetch_all(env.client->pins_pager(100), 5000);
    env.wait(all, 20000);
    ASSERT_TRUE(all->done()) << all->error.describe();
    std::set<std::string> ids;
    for (const auto& p : *all->value) ids.insert(p.id);
    EXPECT_EQ(ids.size(), 1000u);
    EXPECT_EQ(all->value->size(), 1000u);
    size_t retries = 0;
    for (const auto& e : env.client->log().entries()) retries += e.attempt > 1;
    EXPECT_GT(retries, 0u);  // the faults really happened
}

TEST(Integration, FaultMatrixCreatesNeverDuplicate) {
    Env env(20);
    env.sign_in();
    auto boards = env.client->list_boards();
    env.wait(boards);
    ASSERT_TRUE(boards->done());
    const std::string bid = boards->value->items.at(0).id;
    const size_t before = env.count_pins();
    emu::Faults& f = env.emu.faults();
    f.p_drop = 0.3;
    f.p_5xx = 0.2;
    f.p_truncated = 0.2;
    std::vector<Handle<Pin>> creates;
    for (int i = 0; i < 30; ++i) creates.push_back(env.client->create_pin(new_pin(bid, "p" + std::to_string(i))));
    for (auto& h : creates) env.wait(h);
    f = emu::Faults{};
    int done = 0, unknown = 0;
    for (auto& h : creates) {
        ASSERT_TRUE(h->finished());
        EXPECT_EQ(h->attempts, 1);  // never re-sent
        if (h->done()) ++done;
        else if (h->error.kind == ErrorKind::OutcomeUnknown) ++unknown;
    }
    EXPECT_GT(unknown, 0);
    const size_t after = env.count_pins();
    EXPECT_GE(after - before, static_cast<size_t>(done));
    EXPECT_LE(after - before, creates.size());  // at most one pin per create call
    // And each title at most once.
    auto all = env.client->fetch_all(env.client->pins_pager(250), 100000);
    env.wait(all);
    std::map<std::string, int> titles;
    for (const auto& p : *all->value) titles[p.title.value_or("")]++;
    for (int i = 0; i < 30; ++i) EXPECT_LE(titles["p" + std::to_string(i)], 1);
}

TEST(Integration, ExpiredTokenMidSessionRefreshesAndReplays) {
    Env env(20);
    env.sign_in();
    const std::string old_access = env.client->auth().tokens()->access_token;
    env.emu.faults().expire_tokens_now = true;
    auto h = env.client->get_user_account();
    env.wait(h);
    ASSERT_TRUE(h->done()) << h->error.describe();
    EXPECT_NE(env.client->auth().tokens()->access_token, old_access);
    bool saw_401 = false;
    for (const auto& e : env.client->log().entries()) saw_401 |= e.status == 401;
    EXPECT_TRUE(saw_401);
}

TEST(Integration, TimeoutsAreReported) {
    ClientConfig cfg;
    cfg.timeout_ms = 1000;
    cfg.retry.max_attempts = 2;
    Env env(20, cfg);
    env.sign_in();
    env.emu.faults().latency_ms = 5000;
    auto h = env.client->get_user_account();
    env.wait(h);
    ASSERT_TRUE(h->failed());
    EXPECT_EQ(h->error.kind, ErrorKind::Timeout);
    EXPECT_EQ(h->attempts, 2);
    auto b = env.client->create_board({"slow", {}, {}, {}});
    env.wait(b);
    EXPECT_EQ(b->error.kind, ErrorKind::OutcomeUnknown);
}
