// test_accounts.cpp — the emulator's accounts: pinlab_demo (BUSINESS, the default), pinlab_pinner (PINNER) and
// pinlab_partner (BUSINESS, an employee of pinlab_demo's first business). The consent page picks the account a
// grant is for; a token acts for its account only: another account's boards, sections, pins, uploads and
// generic objects are not found (404) for reading, listing, searching, changing and deleting; follows connect
// the accounts; scopes still apply.
#include "emu_test_util.h"

namespace pinlab::emu::test {
namespace {

const std::vector<std::string> kEvery = [] {
    auto s = kAllScopes;
    for (const char* x : {"user_accounts:write", "biz_access:read", "ads:read", "ads:write", "catalogs:read",
                          "catalogs:write"})
        s.push_back(x);
    return s;
}();

struct Accounts : EmuFixture {
    std::string demo, pinner, partner;  // tokens with every scope
    void SetUp() override {
        opts.pin_count = 40;
        opts.rate_limit.enabled = false;
        start();
        demo = emu->mint_access_token("pinlab-demo", kEvery, now);
        pinner = emu->mint_access_token("pinlab-demo", kEvery, now, "pinlab_pinner");
        partner = emu->mint_access_token("pinlab-demo", kEvery, now, "pinlab_partner");
        ASSERT_FALSE(pinner.empty());
        ASSERT_FALSE(partner.empty());
    }
    std::vector<std::string> ids(const std::string& url, const std::string& tok) {
        std::vector<std::string> out;
        for (const json& it : all_items(url, tok)) out.push_back(str(it, "id"));
        return out;
    }
    std::string board_of(const std::string& tok, const std::string& privacy) {
        for (const json& b : all_items("/v5/boards?page_size=250", tok))
            if (str(b, "privacy") == privacy) return str(b, "id");
        return "";
    }
    static bool has(const std::vector<std::string>& v, const std::string& x) {
        return std::find(v.begin(), v.end(), x) != v.end();
    }
};

TEST_F(Accounts, EachTokenIsItsAccount) {
    json me = body_json(get("/v5/user_account", demo));
    EXPECT_EQ(str(me, "username"), "pinlab_demo");
    EXPECT_EQ(str(me, "account_type"), "BUSINESS");
    json p = body_json(get("/v5/user_account", pinner));
    EXPECT_EQ(str(p, "username"), "pinlab_pinner");
    EXPECT_EQ(str(p, "account_type"), "PINNER");
    EXPECT_TRUE(p["business_name"].is_null());
    EXPECT_EQ(p["board_count"], 2);
    EXPECT_EQ(p["pin_count"], 6);
    json b = body_json(get("/v5/user_account", partner));
    EXPECT_EQ(str(b, "username"), "pinlab_partner");
    EXPECT_EQ(str(b, "account_type"), "BUSINESS");
    EXPECT_EQ(body_json(get("/v5/user_account", demo))["pin_count"], 40);  // the default account as it was
    // An unknown account mints nothing.
    EXPECT_EQ(emu->mint_access_token("pinlab-demo", kEvery, now, "nobody"), "");
    // The PINNER has no ad account; the BUSINESS accounts do.
    EXPECT_EQ(body_json(get("/v5/ad_accounts", pinner))["items"].size(), 0u);
    EXPECT_EQ(get("/v5/ad_accounts/549755885175", pinner).status, 404);
    EXPECT_EQ(body_json(get("/v5/ad_accounts", partner))["items"].size(), 1u);
}

TEST_F(Accounts, TheConsentPagePicksTheAccount) {
    std::string verifier = pkce_make_verifier();
    Params a{{"client_id", "pinlab-demo"}, {"redirect_uri", "http://localhost:8080/oauth/callback"},
             {"response_type", "code"}, {"scope", "user_accounts:read,boards:read"},
             {"code_challenge", pkce_challenge_s256(verifier)}, {"code_challenge_method", "S256"}};
    Params picked = a;
    picked.emplace_back("account", "pinlab_pinner");
    Response page = send(make("GET", with_query("/oauth/", picked)));
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("<option value=\"pinlab_pinner\" selected>"), std::string::npos) << page.body;
    EXPECT_NE(page.body.find("pinlab_partner (BUSINESS)"), std::string::npos);
    auto redeem = [&](const Params& authorize) {
        std::string code = param(query_of(consent(*emu, authorize, now)), "code").value_or("");
        Request r = make("POST", "/v5/oauth/token", "",
                         form_encode({{"grant_type", "authorization_code"}, {"code", code}, {"client_id", "pinlab-demo"},
                                      {"redirect_uri", "http://localhost:8080/oauth/callback"}, {"code_verifier", verifier}}),
                         "application/x-www-form-urlencoded");
        return body_json(send(r));
    };
    json tok = redeem(picked);
    EXPECT_EQ(str(body_json(get("/v5/user_account", str(tok, "access_token"))), "username"), "pinlab_pinner");
    // A refreshed token stays with its account.
    Request rr = make("POST", "/v5/oauth/token", "",
                      form_encode({{"grant_type", "refresh_token"}, {"client_id", "pinlab-demo"},
                                   {"refresh_token", str(tok, "refresh_token")}}),
                      "application/x-www-form-urlencoded");
    json refreshed = body_json(send(rr));
    EXPECT_EQ(str(body_json(get("/v5/user_account", str(refreshed, "access_token"))), "username"), "pinlab_pinner");
    // Without the parameter: the default account, as before.
    EXPECT_EQ(str(body_json(get("/v5/user_account", str(redeem(a), "access_token"))), "username"), "pinlab_demo");
    // An account that does not exist: an error page, no code.
    Params bad = a;
    bad.emplace_back("account", "<script>");
    Response refused = send(make("GET", with_query("/oauth/", bad)));
    EXPECT_EQ(refused.body.find("<script>"), std::string::npos);
    EXPECT_EQ(consent(*emu, bad, now), "");
}

TEST_F(Accounts, AnotherAccountsBoardsSectionsAndPinsAreNotFound) {
    const std::string secret = board_of(pinner, "SECRET"), pub = board_of(pinner, "PUBLIC");
    ASSERT_FALSE(secret.empty());
    ASSERT_FALSE(pub.empty());
    const std::string pin = str(body_json(get("/v5/boards/" + secret + "/pins", pinner))["items"][0], "id");
    const std::string section = str(body_json(get("/v5/boards/" + pub + "/sections", pinner))["items"][0], "id");
    ASSERT_FALSE(pin.empty());
    ASSERT_FALSE(section.empty());
    for (const std::string* other : {&demo, &partner}) {
        SCOPED_TRACE(*other == demo ? "demo" : "partner");
        // Read.
        for (const std::string& b : {secret, pub}) {
            EXPECT_EQ(get("/v5/boards/" + b, *other).status, 404);
            EXPECT_EQ(get("/v5/boards/" + b + "/pins", *other).status, 404);
            EXPECT_EQ(get("/v5/boards/" + b + "/sections", *other).status, 404);
        }
        EXPECT_EQ(get("/v5/boards/" + pub + "/sections/" + section + "/pins", *other).status, 404);
        EXPECT_EQ(get("/v5/pins/" + pin, *other).status, 404);
        // List and search.
        EXPECT_FALSE(has(ids("/v5/boards?page_size=250", *other), secret));
        EXPECT_FALSE(has(ids("/v5/boards?page_size=250", *other), pub));
        EXPECT_FALSE(has(ids("/v5/pins?page_size=250", *other), pin));
        EXPECT_FALSE(has(ids("/v5/search/boards?query=Private", *other), secret));
        EXPECT_FALSE(has(ids("/v5/search/pins?query=Private", *other), pin));
        // Update, delete and write into.
        EXPECT_EQ(patch("/v5/boards/" + secret, json{{"name", "mine now"}}, *other).status, 404);
        EXPECT_EQ(patch("/v5/boards/" + pub + "/sections/" + section, json{{"name", "x"}}, *other).status, 404);
        EXPECT_EQ(post("/v5/boards/" + pub + "/sections", json{{"name", "x"}}, *other).status, 404);
        EXPECT_EQ(patch("/v5/pins/" + pin, json{{"title", "x"}}, *other).status, 404);
        EXPECT_EQ(post("/v5/pins/" + pin + "/save", json{{"board_id", board_of(*other, "PUBLIC")}}, *other).status, 404);
        EXPECT_EQ(post("/v5/pins", json{{"board_id", pub}, {"media_source", {{"source_type", "image_url"}, {"url", "https://e.com/a.jpg"}}}}, *other).status, 404);
        EXPECT_EQ(del("/v5/boards/" + pub + "/sections/" + section, *other).status, 404);
        EXPECT_EQ(del("/v5/pins/" + pin, *other).status, 404);
        EXPECT_EQ(del("/v5/boards/" + secret, *other).status, 404);
    }
    // The owner still has all of it, unchanged.
    EXPECT_EQ(str(body_json(get("/v5/boards/" + secret, pinner)), "name"), "Private Notes");
    EXPECT_EQ(str(body_json(get("/v5/pins/" + pin, pinner)), "title"), "Private Notes #3");  // the newest first
    EXPECT_EQ(body_json(get("/v5/boards/" + pub + "/sections", pinner))["items"].size(), 1u);
    EXPECT_TRUE(has(ids("/v5/search/boards?query=Private", pinner), secret));
    // And the other way round: the default account's secret board is not the PINNER's.
    std::string demo_secret = board_of(demo, "SECRET");
    EXPECT_EQ(get("/v5/boards/" + demo_secret, pinner).status, 404);
    EXPECT_EQ(ids("/v5/pins?page_size=250", pinner).size(), 6u);
    EXPECT_EQ(ids("/v5/boards?page_size=250", demo).size(), 12u);
}

TEST_F(Accounts, WhatAnAccountCreatesIsItsOwn) {
    Response made = post("/v5/boards", json{{"name", "Partner plans"}, {"privacy", "SECRET"}}, partner);
    ASSERT_EQ(made.status, 201) << made.body;
    std::string board = str(body_json(made), "id");
    EXPECT_EQ(str(body_json(made)["owner"], "username"), "pinlab_partner");
    EXPECT_EQ(get("/v5/boards/" + board, demo).status, 404);
    // The same name is free in another account.
    EXPECT_EQ(post("/v5/boards", json{{"name", "Partner plans"}}, pinner).status, 201);
    // Uploads.
    std::string media = str(body_json(post("/v5/media", json{{"media_type", "video"}}, partner)), "media_id");
    EXPECT_EQ(get("/v5/media/" + media, partner).status, 200);
    EXPECT_EQ(get("/v5/media/" + media, demo).status, 404);
    EXPECT_FALSE(has([&] {
        std::vector<std::string> v;
        for (const json& m : all_items("/v5/media", demo)) v.push_back(str(m, "media_id"));
        return v;
    }(), media));
    // The generic store: a campaign made by the partner is the partner's.
    const std::string acct = "/v5/ad_accounts/549755885175/campaigns";
    Response c = post(acct, json::array({json{{"ad_account_id", "549755885175"}, {"name", "P"}, {"objective_type", "AWARENESS"}}}), partner);
    ASSERT_EQ(c.status, 200) << c.body;
    std::string campaign = str(body_json(c)["items"][0]["data"], "id");
    EXPECT_EQ(get(acct + "/" + campaign, partner).status, 200);
    EXPECT_EQ(get(acct + "/" + campaign, demo).status, 404);
    EXPECT_EQ(body_json(get(acct, demo))["items"].size(), 0u);
    Response upd = patch(acct, json::array({json{{"id", campaign}, {"ad_account_id", "549755885175"}, {"name", "mine"}}}), demo);
    EXPECT_EQ(body_json(upd)["items"][0]["exceptions"][0]["code"], 404) << upd.body;
    EXPECT_EQ(str(body_json(get(acct + "/" + campaign, partner)), "name"), "P");
}

TEST_F(Accounts, FollowsAndBusinessesConnectTheAccounts) {
    auto names = [&](const std::string& url, const std::string& tok) {
        std::vector<std::string> v;
        for (const json& it : all_items(url, tok)) v.push_back(str(it, "username"));
        return v;
    };
    auto demo_followers = names("/v5/user_account/followers", demo);
    EXPECT_EQ(demo_followers.size(), 60u);
    EXPECT_TRUE(has(demo_followers, "pinlab_pinner"));
    EXPECT_TRUE(has(demo_followers, "pinlab_partner"));
    EXPECT_EQ(names("/v5/user_account/following", pinner), std::vector<std::string>{"pinlab_demo"});
    EXPECT_EQ(names("/v5/user_account/followers", pinner), std::vector<std::string>{"pinlab_partner"});
    // A follow made by one account is that account's only.
    ASSERT_EQ(post("/v5/user_account/following/pinlab_pinner", json::object(), demo).status, 200);
    EXPECT_TRUE(has(names("/v5/user_account/following", demo), "pinlab_pinner"));
    EXPECT_EQ(names("/v5/user_account/following", pinner), std::vector<std::string>{"pinlab_demo"});
    auto pinner_followers = names("/v5/user_account/followers", pinner);
    EXPECT_TRUE(has(pinner_followers, "pinlab_demo"));
    // Businesses: the partner works for pinlab_demo's first business; the PINNER for none.
    json demo_biz = body_json(get("/v5/businesses/employers", demo))["items"];
    json partner_biz = body_json(get("/v5/businesses/employers", partner))["items"];
    ASSERT_EQ(partner_biz.size(), 1u);
    EXPECT_EQ(str(partner_biz[0], "id"), str(demo_biz[0], "id"));
    EXPECT_EQ(partner_biz[0]["business_roles"][0], "EMPLOYEE");
    EXPECT_EQ(body_json(get("/v5/businesses/employers", pinner))["items"].size(), 0u);
    EXPECT_EQ(get("/v5/businesses/" + str(demo_biz[0], "id") + "/partners", pinner).status, 403);
}

TEST_F(Accounts, ScopesStillApply) {
    std::string weak = emu->mint_access_token("pinlab-demo", {"boards:read"}, now, "pinlab_pinner");
    EXPECT_EQ(get("/v5/boards/" + board_of(pinner, "SECRET"), weak).status, 401);  // boards:read_secret missing
    EXPECT_EQ(post("/v5/boards", json{{"name", "x"}}, weak).status, 401);
}

TEST_F(Accounts, ASnapshotKeepsWhoOwnsWhat) {
    std::string board = str(body_json(post("/v5/boards", json{{"name", "Kept"}, {"privacy", "SECRET"}}, pinner)), "id");
    std::string saved = emu->save_state();
    Emulator e(opts);
    std::string err;
    ASSERT_TRUE(e.load_state(saved, &err)) << err;
    // The PINNER's token survives as the PINNER's and still sees its board; the default's does not.
    EXPECT_EQ(e.handle(make("GET", "/v5/boards/" + board, pinner), now).status, 200);
    EXPECT_EQ(e.handle(make("GET", "/v5/boards/" + board, demo), now).status, 404);
    EXPECT_EQ(str(body_json(e.handle(make("GET", "/v5/user_account", pinner), now)), "username"), "pinlab_pinner");
}

}  // namespace
}  // namespace pinlab::emu::test
