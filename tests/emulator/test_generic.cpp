// test_generic.cpp — the emulator's generic layer (src/emulator/generic.cpp): operations without a modelled
// handler validate their parameters and body against the catalogue, keep created objects in a per-account
// store keyed by the spec's paths (create, list with bookmarks, get, update, delete), answer generated bodies
// that conform and are deterministic for a seed, stay within their quotas, pass the same scope and sandbox
// checks as the rest, and survive a snapshot.
#include <functional>
#include <set>

#include "core/schema.h"
#include "emu_test_util.h"

namespace pinlab::emu::test {
namespace {

const std::vector<std::string> kAdsScopes = {"ads:read",           "ads:write",   "catalogs:read", "catalogs:write",
                                             "user_accounts:read", "boards:read", "pins:read"};
const std::string kAcct = "/v5/ad_accounts/549755885175";

struct Generic : EmuFixture {
    void SetUp() override {
        opts.rate_limit.enabled = false;
        start();
        token = mint(kAdsScopes);
    }
    std::string message(const Response& r) { return str(body_json(r), "message"); }
    json campaign(const std::string& name) {
        return json{{"ad_account_id", "549755885175"}, {"name", name}, {"objective_type", "AWARENESS"}};
    }
    // The body an operation's skeleton gives (what the Explorer pre-fills).
    json skeleton_body(const char* op_id) {
        const json* op = test_catalogue()->operation(op_id);
        return op ? schema_skeleton(*test_catalogue(), (*op)["body"]["schema"]) : json();
    }
    // Conformance of a 2xx body to the operation's success schema.
    std::string mismatch(const char* op_id, const Response& r) {
        const json* op = test_catalogue()->operation(op_id);
        const json* s = op ? test_catalogue()->success_schema(*op) : nullptr;
        if (!s) return "no schema";
        auto issues = validate_schema(*test_catalogue(), *s, body_json(r));
        return issues.empty() ? "" : describe(issues[0]);
    }
};

TEST_F(Generic, ABadBodyIsRefusedNamingTheField) {
    Response r = post(kAcct + "/campaigns", json::array({json{{"name", "No objective"}}}));
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(code_of(r), 1);
    EXPECT_NE(message(r).find("Invalid parameters. /0/objective_type: missing required property 'objective_type'"),
              std::string::npos)
        << r.body;
    // A wrong type, named by its pointer.
    json wrong = campaign("x");
    wrong["daily_spend_cap"] = "lots";
    r = post(kAcct + "/campaigns", json::array({wrong}));
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(message(r).find("/0/daily_spend_cap"), std::string::npos) << r.body;
    // Not JSON, the wrong container, too many items, no body at all.
    EXPECT_NE(message(send(make("POST", kAcct + "/campaigns", token, "{nope"))).find("not valid JSON"),
              std::string::npos);
    EXPECT_NE(message(post(kAcct + "/campaigns", campaign("x"))).find("expected array, got object"), std::string::npos);
    json many = json::array();
    for (int i = 0; i < 31; ++i) many.push_back(campaign("c" + std::to_string(i)));
    EXPECT_NE(message(post(kAcct + "/campaigns", many)).find("more than the maximum 30"), std::string::npos);
    EXPECT_NE(message(send(make("POST", kAcct + "/campaigns", token, ""))).find("request body is required"),
              std::string::npos);
    EXPECT_EQ(send(make("POST", kAcct + "/campaigns", token, "[]", "text/plain")).status, 415);
    // Nothing was created by any of these.
    EXPECT_EQ(body_json(get(kAcct + "/campaigns"))["items"].size(), 0u);
}

TEST_F(Generic, BadParametersAreRefusedNamingThem) {
    auto msg = [&](const std::string& url) {
        Response r = get(url);
        EXPECT_EQ(r.status, 400) << url << " " << r.body;
        return message(r);
    };
    EXPECT_NE(msg(kAcct + "/campaigns?page_size=0").find("page_size: 0 is below the minimum 1"), std::string::npos);
    EXPECT_NE(msg(kAcct + "/campaigns?page_size=251").find("page_size: 251 is above the maximum 250"),
              std::string::npos);
    EXPECT_NE(msg(kAcct + "/campaigns?page_size=ten").find("page_size: 'ten' is not an integer"), std::string::npos);
    EXPECT_NE(msg(kAcct + "/campaigns?entity_statuses=ACTIVE,NOPE").find("entity_statuses/1: \"NOPE\" is not one of"),
              std::string::npos);
    EXPECT_NE(msg(kAcct + "/campaigns?order=SIDEWAYS").find("order: "), std::string::npos);
    std::string analytics = kAcct + "/campaigns/analytics?campaign_ids=1&columns=SPEND_IN_DOLLAR&granularity=DAY";
    EXPECT_NE(msg(analytics + "&end_date=2025-06-01").find("start_date: missing required query parameter 'start_date'"),
              std::string::npos);
    EXPECT_NE(msg(analytics + "&start_date=2025-13&end_date=2025-06-01").find("start_date: '2025-13' is not a date"),
              std::string::npos);
    // Path parameters too: an ad account id is digits.
    EXPECT_NE(msg("/v5/ad_accounts/12ab/campaigns").find("ad_account_id: '12ab' does not match"), std::string::npos);
    // And the valid request answers.
    EXPECT_EQ(get(analytics + "&start_date=2025-05-01&end_date=2025-06-01").status, 200);
}

TEST_F(Generic, CampaignsCreateListGetUpdate) {
    Response r = post(kAcct + "/campaigns", json::array({campaign("Spring"), campaign("Autumn")}));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers.get("X-Emulator-Source"), "generic");
    EXPECT_EQ(mismatch("campaigns/create", r), "");
    json items = body_json(r)["items"];
    ASSERT_EQ(items.size(), 2u);
    std::string spring = str(items[0]["data"], "id"), autumn = str(items[1]["data"], "id");
    EXPECT_TRUE(is_digits(spring) && spring.size() <= 18) << spring;
    EXPECT_NE(spring, autumn);
    EXPECT_EQ(str(items[0]["data"], "name"), "Spring");
    EXPECT_EQ(str(items[0]["data"], "ad_account_id"), "549755885175");
    EXPECT_EQ(str(items[0]["data"], "objective_type"), "AWARENESS");
    EXPECT_TRUE(items[0]["exceptions"].empty());

    Response list = get(kAcct + "/campaigns");
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_EQ(mismatch("campaigns/list", list), "");
    json listed = body_json(list)["items"];
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(str(listed[0], "id"), autumn);  // newest first
    EXPECT_EQ(str(listed[1], "name"), "Spring");
    json asc = body_json(get(kAcct + "/campaigns?order=ASCENDING"))["items"];
    ASSERT_EQ(asc.size(), 2u);
    EXPECT_EQ(str(asc[0], "id"), spring);

    Response one = get(kAcct + "/campaigns/" + spring);
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(mismatch("campaigns/get", one), "");
    EXPECT_EQ(str(body_json(one), "name"), "Spring");
    EXPECT_EQ(str(body_json(one), "id"), spring);

    Response upd = patch(
        kAcct + "/campaigns",
        json::array({json{
            {"id", spring}, {"ad_account_id", "549755885175"}, {"name", "Spring, renamed"}, {"status", "PAUSED"}}}));
    ASSERT_EQ(upd.status, 200) << upd.body;
    EXPECT_EQ(mismatch("campaigns/update", upd), "");
    EXPECT_EQ(str(body_json(upd)["items"][0]["data"], "name"), "Spring, renamed");
    json after = body_json(get(kAcct + "/campaigns/" + spring));
    EXPECT_EQ(str(after, "name"), "Spring, renamed");
    EXPECT_EQ(str(after, "status"), "PAUSED");
    // An id this collection never made: 404, and in a bulk update an exception for that item.
    EXPECT_EQ(get(kAcct + "/campaigns/123").status, 404);
    Response miss = patch(kAcct + "/campaigns", json::array({json{{"id", "123"}, {"ad_account_id", "549755885175"}}}));
    ASSERT_EQ(miss.status, 200) << miss.body;
    EXPECT_EQ(body_json(miss)["items"][0]["exceptions"][0]["code"], 404);
    // Another ad account's campaigns are another collection.
    EXPECT_EQ(body_json(get("/v5/ad_accounts/42/campaigns"))["items"].size(), 0u);
    EXPECT_EQ(get("/v5/ad_accounts/42/campaigns/" + spring).status, 404);
}

TEST_F(Generic, ListsPageWithBookmarks) {
    for (int i = 0; i < 5; ++i)
        ASSERT_EQ(post(kAcct + "/campaigns", json::array({campaign("c" + std::to_string(i))})).status, 200);
    std::vector<std::string> names;
    std::string url = kAcct + "/campaigns?page_size=2";
    for (int page = 0; page < 5; ++page) {
        json j = body_json(get(url));
        for (auto& it : j["items"]) names.push_back(str(it, "name"));
        if (j["bookmark"].is_null()) break;
        url = kAcct + "/campaigns?page_size=2&bookmark=" + percent_encode(j["bookmark"].get<std::string>());
    }
    EXPECT_EQ(names, (std::vector<std::string>{"c4", "c3", "c2", "c1", "c0"}));
    EXPECT_EQ(get(kAcct + "/campaigns?bookmark=forged").status, 400);
}

TEST_F(Generic, FeedsCreateGetUpdateDelete) {
    json feed = skeleton_body("feeds/create");
    ASSERT_TRUE(feed.is_object());
    feed["name"] = "Summer feed";
    Response made = post("/v5/catalogs/feeds", feed);
    ASSERT_EQ(made.status, 201) << made.body;
    EXPECT_EQ(mismatch("feeds/create", made), "");
    std::string id = str(body_json(made), "id");
    ASSERT_TRUE(is_digits(id)) << made.body;
    EXPECT_EQ(str(body_json(get("/v5/catalogs/feeds/" + id)), "name"), "Summer feed");
    EXPECT_EQ(body_json(get("/v5/catalogs/feeds"))["items"].size(), 1u);

    json change = skeleton_body("feeds/update");
    change["name"] = "Winter feed";
    Response upd = patch("/v5/catalogs/feeds/" + id, change);
    ASSERT_EQ(upd.status, 200) << upd.body;
    EXPECT_EQ(mismatch("feeds/update", upd), "");
    EXPECT_EQ(str(body_json(upd), "name"), "Winter feed");
    EXPECT_EQ(str(body_json(get("/v5/catalogs/feeds/" + id)), "name"), "Winter feed");

    Response gone = del("/v5/catalogs/feeds/" + id);
    EXPECT_EQ(gone.status, 204) << gone.body;
    EXPECT_TRUE(gone.body.empty());
    EXPECT_EQ(get("/v5/catalogs/feeds/" + id).status, 404);
    EXPECT_EQ(del("/v5/catalogs/feeds/" + id).status, 404);
    EXPECT_EQ(body_json(get("/v5/catalogs/feeds"))["items"].size(), 0u);
}

// A created object holds what was sent, the fields the server sets (its id, its times: now by the emulator's
// clock, a status) and, for required properties nobody sent, neutral values only (null, "", 0, false, [], the
// enum's usual value where the test names the property): never generated sample text, sizes or dates.
TEST_F(Generic, ACreatedObjectHoldsOnlyWhatWasSentAndWhatTheServerSets) {
    now += 400 * kDayMs;  // a year after the seed's day: created times follow the clock, not the seed
    token = mint(kAdsScopes);
    const int64_t s = now / 1000;
    const std::string iso = test_date(now, 0) + "T15:06:40";
    std::function<bool(const json&)> neutral = [&](const json& v) {
        if (v.is_null() || v == "" || v == 0 || v == false || (v.is_array() && v.empty())) return true;
        if (!v.is_object()) return false;
        for (const auto& x : v) if (!neutral(x)) return false;
        return true;
    };
    struct Case {
        std::string path;
        json sent;                       // the object sent (an array of one where the endpoint takes arrays)
        std::set<std::string> defaults;  // required properties the server fills with its usual value
    };
    const Case cases[] = {
        {kAcct + "/audiences", {{"name", "string"}, {"rule", json::object()}, {"audience_type", "VISITOR"}}, {}},
        {"/v5/catalogs", {{"name", "My hotels"}, {"catalog_type", "HOTEL"}}, {}},
        {"/v5/catalogs/feeds", skeleton_body("feeds/create"), {"catalog_type", "default_availability", "default_country"}},
        {"/v5/catalogs/feeds", [&] { json f = skeleton_body("feeds/create"); f["catalog_type"] = "HOTEL"; f["catalog_id"] = "42"; f["default_locale"] = "en-US"; return f; }(), {}},
        {"/v5/catalogs/items/batch", skeleton_body("items_batch/post"), {}},
        {kAcct + "/campaigns", json::array({campaign("Spring")}), {}},
        {kAcct + "/keywords", skeleton_body("keywords/create"), {}},
    };
    for (const Case& k : cases) {
        SCOPED_TRACE(k.path + " " + json_dump(k.sent));
        Response r = post(k.path, k.sent);
        ASSERT_GE(r.status, 200) << r.body;
        ASSERT_LT(r.status, 300) << r.body;
        json got = body_json(r), sent = k.sent;
        if (sent.is_array()) {
            sent = sent[0];
            got = got["items"][0].contains("data") ? got["items"][0]["data"] : got["items"][0];
        }
        ASSERT_TRUE(got.is_object()) << r.body;
        for (auto it = got.begin(); it != got.end(); ++it) {
            const std::string& n = it.key();
            const json& v = it.value();
            if (sent.contains(n)) {
                EXPECT_EQ(v, sent[n]) << n << " in " << r.body;
            } else if (n == "id" || n == "batch_id") {
                EXPECT_TRUE(v.is_string() && is_digits(v.get<std::string>())) << n << " in " << r.body;
            } else if (n == "created_at" || n == "updated_at" || n == "created_time" || n == "updated_time") {
                EXPECT_TRUE(v == iso || v == s) << n << " is not now (" << iso << ") in " << r.body;
            } else if (n == "status" || k.defaults.count(n)) {
                EXPECT_TRUE(v.is_string() || v.is_null()) << n << " in " << r.body;
            } else if (n == "ad_account_id") {
                EXPECT_EQ(v, "549755885175") << "the path's ad account";
            } else {
                EXPECT_TRUE(neutral(v)) << n << " = " << json_dump(v) << " was not sent and is not the server's, in " << r.body;
            }
        }
    }
    // The audience the issue saw: no description, size or status nobody sent.
    json aud = body_json(post(kAcct + "/audiences", json{{"name", "string"}, {"rule", json::object()}, {"audience_type", "VISITOR"}}));
    for (const char* n : {"description", "size"})
        EXPECT_TRUE(!aud.contains(n) || neutral(aud[n])) << json_dump(aud);
    // A feed sent without a catalog type is the API's default, a retail feed; one that names its type keeps it.
    EXPECT_EQ(str(body_json(post("/v5/catalogs/feeds", skeleton_body("feeds/create"))), "catalog_type"), "RETAIL");
    json hotel = skeleton_body("feeds/create");
    hotel["catalog_type"] = "HOTEL";
    hotel["catalog_id"] = "42";
    hotel["default_locale"] = "en-US";
    json h = body_json(post("/v5/catalogs/feeds", hotel));
    EXPECT_EQ(str(h, "catalog_type"), "HOTEL");
    EXPECT_EQ(mismatch("feeds/get", get("/v5/catalogs/feeds/" + str(h, "id"))), "");
}

TEST_F(Generic, ScopesAreCheckedAsForModelledOperations) {
    std::string read_only = mint({"ads:read"});
    Response r = post(kAcct + "/campaigns", json::array({campaign("x")}), read_only);
    Response expected = scope_error();
    EXPECT_EQ(r.status, expected.status) << r.body;
    EXPECT_EQ(r.body, expected.body);
    EXPECT_EQ(get(kAcct + "/campaigns", read_only).status, 200);
    EXPECT_EQ(get(kAcct + "/campaigns", "not-a-token").status, 401);
    EXPECT_EQ(body_json(get(kAcct + "/campaigns"))["items"].size(), 0u);
}

TEST(GenericSandbox, OperationsTheSandboxDisablesAreRefused) {
    Options o = options_with_catalogue();
    o.flavor = Flavor::Sandbox;
    Emulator emu(o);
    std::string tok = emu.mint_access_token("pinlab-demo", {"ads:read", "ads:write"}, kNow);
    // audiences/list is x-sandbox: disabled; campaigns/list is enabled.
    ASSERT_FALSE((*test_catalogue()->operation("audiences/list"))["sandbox"].get<bool>());
    Response refused = emu.handle(make("GET", kAcct + "/audiences", tok), kNow);
    EXPECT_EQ(refused.status, 401) << refused.body;
    EXPECT_EQ(refused.body, auth_failed().body);
    EXPECT_EQ(emu.handle(make("GET", kAcct + "/campaigns", tok), kNow).status, 200);
}

TEST(GenericDeterminism, TheSameSeedAnswersTheSameBytes) {
    auto run = [](uint64_t seed) {
        Options o = options_with_catalogue();
        o.seed = seed;
        Emulator emu(o);
        std::string tok = emu.mint_access_token("pinlab-demo", {"ads:read", "ads:write"}, kNow);
        std::string out;
        Request create = make("POST", kAcct + "/campaigns", tok,
                              R"([{"ad_account_id":"549755885175","name":"A","objective_type":"AWARENESS"}])");
        out += emu.handle(create, kNow).body + "\n";
        out += emu.handle(make("GET",
                               kAcct + "/campaigns/analytics?start_date=2025-05-01&end_date=2025-05-03"
                                       "&campaign_ids=1&columns=SPEND_IN_DOLLAR&granularity=DAY",
                               tok),
                          kNow)
                   .body +
               "\n";
        out += emu.handle(make("GET", kAcct + "/order_lines/77", tok), kNow).body + "\n";
        out += emu.handle(make("GET", "/v5/resources/ad_account_countries", tok), kNow).body;
        return out;
    };
    std::string a = run(7);
    EXPECT_EQ(a, run(7));
    EXPECT_NE(a, run(8));
    // The same request twice answers the same generated body (nothing drifts with the call count).
    Options o = options_with_catalogue();
    Emulator emu(o);
    std::string tok = emu.mint_access_token("pinlab-demo", {"ads:read"}, kNow);
    Request r = make("GET", kAcct + "/order_lines/77", tok);
    std::string first = emu.handle(r, kNow).body;
    EXPECT_EQ(first, emu.handle(r, kNow + 5000).body);
    EXPECT_EQ(str(body_json(emu.handle(r, kNow)), "id"), "77");  // the object answers the id asked for
}

TEST_F(Generic, GeneratedValuesLookReal) {
    json acct = body_json(get(kAcct));
    EXPECT_EQ(str(acct, "id"), "549755885175");
    EXPECT_EQ(str(acct, "name"), "Pinlab Demo Ads");  // the ad account the modelled list shows
    EXPECT_EQ(str(acct, "currency"), "USD") << acct.dump();
    EXPECT_EQ(str(acct, "country"), "US") << acct.dump();
    json line = body_json(get(kAcct + "/order_lines/77"));
    EXPECT_EQ(mismatch("order_lines/get", get(kAcct + "/order_lines/77")), "");
    EXPECT_TRUE(is_digits(str(line, "ad_account_id"))) << line.dump();
    std::string start = str(line, "start_time");
    if (!start.empty()) {
        EXPECT_TRUE(start.size() >= 10 && start[4] == '-') << start;
    }
}

TEST_F(Generic, StoreIsBounded) {
    opts.quotas.max_generic_objects = 3;
    start();
    token = mint(kAdsScopes);
    ASSERT_EQ(post(kAcct + "/campaigns", json::array({campaign("a"), campaign("b")})).status, 200);
    Response full = post(kAcct + "/campaigns", json::array({campaign("c"), campaign("d")}));
    EXPECT_EQ(full.status, 429) << full.body;
    EXPECT_NE(message(full).find("limit of 3 objects"), std::string::npos) << full.body;
    EXPECT_EQ(body_json(get(kAcct + "/campaigns"))["items"].size(), 2u);  // nothing of the refused batch
    ASSERT_EQ(post(kAcct + "/campaigns", json::array({campaign("c")})).status, 200);
    // Deleting makes room again (feeds can be deleted).
    opts.quotas.max_generic_objects = 1;
    start();
    token = mint(kAdsScopes);
    json feed = skeleton_body("feeds/create");
    Response a = post("/v5/catalogs/feeds", feed);
    ASSERT_EQ(a.status, 201) << a.body;
    EXPECT_EQ(post("/v5/catalogs/feeds", feed).status, 429);
    EXPECT_EQ(del("/v5/catalogs/feeds/" + str(body_json(a), "id")).status, 204);
    EXPECT_EQ(post("/v5/catalogs/feeds", feed).status, 201);
    // Bytes too.
    opts.quotas.max_generic_objects = 2000;
    opts.quotas.max_generic_bytes = 11000;
    start();
    token = mint(kAdsScopes);
    json big = campaign(std::string(6000, 'n'));  // with the rest of a campaign: 6-8 KB; two are over 11,000 bytes
    Response first = post(kAcct + "/campaigns", json::array({big}));
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(str(body_json(first)["items"][0]["data"], "name").size(), 6000u);
    EXPECT_EQ(post(kAcct + "/campaigns", json::array({big})).status, 413);
}

TEST_F(Generic, AnswersAreSmall) {
    // Generated answers are bounded: short arrays, limited depth, whatever the schema.
    for (size_t i = 0; i < test_catalogue()->size(); ++i) {
        const json& op = test_catalogue()->operation_at(i);
        if (op["method"] != "GET" || op["path"].get<std::string>().find('{') != std::string::npos) continue;
        Response r = get("/v5" + op["path"].get<std::string>());
        EXPECT_LT(r.body.size(), 64u * 1024) << op["id"];
    }
}

TEST_F(Generic, SnapshotKeepsGenericObjects) {
    Response made = post(kAcct + "/campaigns", json::array({campaign("Kept")}));
    std::string id = str(body_json(made)["items"][0]["data"], "id");
    std::string saved = emu->save_state();
    Emulator back(opts);
    std::string err;
    ASSERT_TRUE(back.load_state(saved, &err)) << err;
    Response r = back.handle(make("GET", kAcct + "/campaigns/" + id, token), now);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(str(body_json(r), "name"), "Kept");
    // New ids continue after the restored ones.
    Response next =
        back.handle(make("POST", kAcct + "/campaigns", token, json_dump(json::array({campaign("Next")}))), now);
    EXPECT_NE(str(body_json(next)["items"][0]["data"], "id"), id);
    EXPECT_EQ(back.save_state().size() > saved.size(), true);
}

TEST_F(Generic, OlderSnapshotsAreRefusedWithAReasonAndACorruptGenericPartToo) {
    std::string saved = emu->save_state();
    std::string v3 = saved;
    v3[4] = 3;  // before the generic store
    Emulator back(opts);
    std::string err;
    EXPECT_FALSE(back.load_state(v3, &err));
    EXPECT_NE(err.find("snapshot version 3"), std::string::npos) << err;
    EXPECT_TRUE(back.load_state(saved, &err)) << err;
    // A corrupted generic part is refused with a reason.
    post(kAcct + "/campaigns", json::array({campaign("x")}));
    std::string with = emu->save_state();
    std::string bad = with;
    size_t brace = bad.rfind('{');
    ASSERT_NE(brace, std::string::npos);
    bad[brace] = '[';
    EXPECT_FALSE(back.load_state(bad, &err));
    EXPECT_NE(err.find("generic"), std::string::npos) << err;
}

TEST(GenericWithoutCatalogue, AnswersNotImplementedAndModelledStillWork) {
    Options o;  // no catalogue
    Emulator emu(o);
    std::string tok = emu.mint_access_token("pinlab-demo", {"ads:read", "user_accounts:read"}, kNow);
    Response r = emu.handle(make("GET", kAcct + "/campaigns", tok), kNow);
    EXPECT_EQ(r.status, 501);
    EXPECT_NE(str(body_json(r), "message").find("catalogue"), std::string::npos) << r.body;
    Response m = emu.handle(make("GET", "/v5/user_account", tok), kNow);
    EXPECT_EQ(m.status, 200);
    EXPECT_EQ(m.headers.get("X-Emulator-Source"), "modelled");
}

}  // namespace
}  // namespace pinlab::emu::test
