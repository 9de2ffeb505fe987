// test_api.cpp — the organic API in-process: user_account, boards, sections, pins (create from URL, base64,
// multiple images; update, delete, save), search, media, ad_accounts, analytics; scopes, privacy, validation.
#include <set>

#include "emu_test_util.h"

namespace pinlab::emu::test {
namespace {

using ApiTest = EmuFixture;

TEST_F(ApiTest, UserAccountIsTheBusinessDemoAccount) {
    Response r = get("/v5/user_account");
    ASSERT_EQ(r.status, 200);
    json j = body_json(r);
    EXPECT_EQ(str(j, "username"), "pinlab_demo");
    EXPECT_EQ(str(j, "account_type"), "BUSINESS");
    EXPECT_EQ(j["pin_count"], 1000);
    EXPECT_EQ(str(j, "profile_image").rfind("/media/users/pinlab_demo/", 0), 0u);
    EXPECT_EQ(get(str(j, "profile_image"), "").status, 200);
}

TEST_F(ApiTest, MissingOrInvalidBearerIs401Code2) {
    for (const char* auth : {"", "Bearer nope", "Basic abc", "Bearer "}) {
        Request r = make("GET", "/v5/boards");
        if (*auth) r.headers.set("Authorization", auth);
        Response resp = send(r);
        EXPECT_EQ(resp.status, 401) << auth;
        EXPECT_EQ(code_of(resp), 2) << auth;
    }
}

TEST_F(ApiTest, WrongScopeIs401Code3WithPinterestsMessage) {
    std::string t = mint({"boards:read"});
    Response r = get("/v5/pins", t);
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(code_of(r), 3);
    EXPECT_NE(str(body_json(r), "message").find("sufficient permissions"), std::string::npos);
    EXPECT_EQ(code_of(post("/v5/boards", json{{"name", "x"}}, t)), 3);
}

TEST_F(ApiTest, BoardsCrudAndValidation) {
    Response r = post("/v5/boards", json{{"name", "Test board"}, {"description", "d"}});
    ASSERT_EQ(r.status, 201) << r.body;
    json b = body_json(r);
    std::string id = str(b, "id");
    EXPECT_EQ(str(b, "privacy"), "PUBLIC");
    EXPECT_EQ(b["pin_count"], 0);
    EXPECT_EQ(str(b["owner"], "username"), "pinlab_demo");
    EXPECT_EQ(get("/v5/boards/" + id).status, 200);
    r = patch("/v5/boards/" + id, json{{"name", "Renamed"}, {"privacy", "SECRET"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(str(body_json(r), "name"), "Renamed");
    EXPECT_EQ(patch("/v5/boards/" + id, json{{"privacy", "PROTECTED"}}).status, 400);  // update allows PUBLIC|SECRET
    EXPECT_EQ(post("/v5/boards", json{{"description", "no name"}}).status, 400);
    EXPECT_EQ(post("/v5/boards", json{{"name", 5}}).status, 400);
    EXPECT_EQ(post("/v5/boards", json{{"name", "x"}, {"privacy", "HIDDEN"}}).status, 400);
    EXPECT_EQ(post("/v5/boards", json{{"name", "Renamed"}}).status, 409);
    EXPECT_EQ(del("/v5/boards/" + id).status, 204);
    Response gone = get("/v5/boards/" + id);
    EXPECT_EQ(gone.status, 404);
    EXPECT_EQ(code_of(gone), 40);
}

TEST_F(ApiTest, SecretBoardsNeedSecretScopes) {
    opts.pin_count = 200;  // keeps the repeated full listings fast
    start();
    std::string pub = mint({"boards:read", "pins:read", "boards:write", "pins:write"});
    auto all = all_items("/v5/boards?page_size=250");
    auto visible = all_items("/v5/boards?page_size=250", pub);
    EXPECT_EQ(all.size(), 12u);
    EXPECT_EQ(visible.size(), 10u);
    for (auto& b : visible) EXPECT_NE(str(b, "privacy"), "SECRET");
    std::string secret = first_board_id("SECRET");
    ASSERT_FALSE(secret.empty());
    EXPECT_EQ(code_of(get("/v5/boards/" + secret, pub)), 3);
    EXPECT_EQ(code_of(get("/v5/boards/" + secret + "/pins", pub)), 3);
    EXPECT_EQ(code_of(post("/v5/boards", json{{"name", "S"}, {"privacy", "SECRET"}}, pub)), 3);
    // Pins of secret boards are left out of /pins without pins:read_secret.
    size_t n_all = all_items("/v5/pins?page_size=250").size();
    size_t n_pub = all_items("/v5/pins?page_size=250", pub).size();
    EXPECT_EQ(n_all, 200u);
    EXPECT_LT(n_pub, n_all);
    auto secret_pins = all_items("/v5/boards/" + secret + "/pins?page_size=250");
    ASSERT_FALSE(secret_pins.empty());
    EXPECT_EQ(code_of(get("/v5/pins/" + str(secret_pins[0], "id"), pub)), 3);
    size_t secret_total = 0;
    for (auto& b : all)
        if (str(b, "privacy") == "SECRET") secret_total += all_items("/v5/boards/" + str(b, "id") + "/pins?page_size=250").size();
    EXPECT_EQ(n_pub + secret_total, n_all);
}

TEST_F(ApiTest, SectionsCrud) {
    std::string board = first_board_id();
    auto sections = all_items("/v5/boards/" + board + "/sections");
    ASSERT_FALSE(sections.empty());
    Response r = post("/v5/boards/" + board + "/sections", json{{"name", "New section"}});
    ASSERT_EQ(r.status, 201) << r.body;
    std::string sid = str(body_json(r), "id");
    EXPECT_EQ(post("/v5/boards/" + board + "/sections", json{{"name", "New section"}}).status, 409);
    EXPECT_EQ(post("/v5/boards/" + board + "/sections", json{{"name", ""}}).status, 400);
    EXPECT_EQ(post("/v5/boards/" + board + "/sections", json{{"name", std::string(181, 'a')}}).status, 400);
    EXPECT_EQ(post("/v5/boards/" + board + "/sections", json{{"name", std::string(180, 'b')}}).status, 201);
    r = patch("/v5/boards/" + board + "/sections/" + sid, json{{"name", "Renamed"}});
    EXPECT_EQ(str(body_json(r), "name"), "Renamed");
    // Section pins list only that section's pins.
    std::string seeded = str(sections[0], "id");
    for (auto& p : all_items("/v5/boards/" + board + "/sections/" + seeded + "/pins?page_size=250"))
        EXPECT_EQ(str(p, "board_section_id"), seeded);
    EXPECT_EQ(del("/v5/boards/" + board + "/sections/" + sid).status, 204);
    EXPECT_EQ(del("/v5/boards/" + board + "/sections/" + sid).status, 404);
    EXPECT_EQ(get("/v5/boards/" + board + "/sections/" + sid + "/pins").status, 404);
}

TEST_F(ApiTest, CreativeTypesFilterEveryPinList) {
    std::string board = first_board_id();
    std::string section = str(all_items("/v5/boards/" + board + "/sections")[0], "id");
    for (const std::string& list : {std::string("/v5/pins"), "/v5/boards/" + board + "/pins",
                                   "/v5/boards/" + board + "/sections/" + section + "/pins"}) {
        size_t all = all_items(list + "?page_size=250").size();
        ASSERT_GT(all, 0u) << list;
        auto carousels = all_items(list + "?page_size=250&creative_types=CAROUSEL");
        auto regular = all_items(list + "?page_size=250&creative_types=REGULAR");
        for (auto& p : carousels) EXPECT_EQ(p["media"]["media_type"], "multiple_images") << list;
        for (auto& p : regular) EXPECT_NE(p["media"]["media_type"], "multiple_images") << list;
        EXPECT_EQ(carousels.size() + regular.size(), all) << list;
        EXPECT_EQ(get(list + "?creative_types=NOPE").status, 400) << list;
    }
}

TEST_F(ApiTest, PinShapeHasAllImageSizes) {
    json j = body_json(get("/v5/pins?page_size=1"));
    ASSERT_EQ(j["items"].size(), 1u);
    json p = j["items"][0];
    EXPECT_EQ(str(p["media"], "media_type"), "image");
    for (const char* s : {"150x150", "400x300", "600x", "1200x"}) {
        ASSERT_TRUE(p["media"]["images"].contains(s)) << s;
        EXPECT_GT(p["media"]["images"][s]["height"].get<int>(), 0);
    }
    EXPECT_EQ(p["media"]["images"]["150x150"]["width"], 150);
    EXPECT_EQ(p["media"]["images"]["1200x"]["width"], 1200);
    EXPECT_EQ(str(p, "dominant_color").size(), 7u);
    Response single = get("/v5/pins/" + str(p, "id") + "?pin_metrics=true");
    ASSERT_EQ(single.status, 200);
    EXPECT_TRUE(body_json(single)["pin_metrics"].is_object());
    EXPECT_EQ(code_of(get("/v5/pins/999")), 50);
}

TEST_F(ApiTest, PinsCreateUpdateSaveDelete) {
    std::string board = first_board_id();
    json body = {{"board_id", board}, {"title", "Hello"}, {"description", "World"}, {"link", "https://example.com/x"},
                 {"alt_text", "alt"}, {"media_source", {{"source_type", "image_url"}, {"url", "https://example.com/a.jpg"}}}};
    Response r = post("/v5/pins", body);
    ASSERT_EQ(r.status, 201) << r.body;
    json p = body_json(r);
    std::string id = str(p, "id");
    EXPECT_EQ(str(p, "title"), "Hello");
    EXPECT_EQ(str(p, "board_id"), board);
    // Newest first: the new pin heads the list.
    EXPECT_EQ(str(body_json(get("/v5/pins?page_size=1"))["items"][0], "id"), id);
    r = patch("/v5/pins/" + id, json{{"title", "Changed"}, {"link", nullptr}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(str(body_json(r), "title"), "Changed");
    EXPECT_TRUE(body_json(r)["link"].is_null());
    r = post("/v5/pins/" + id + "/save", json{{"board_id", first_board_id("SECRET")}});
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(str(body_json(r), "parent_pin_id"), id);
    EXPECT_EQ(del("/v5/pins/" + id).status, 204);
    EXPECT_EQ(code_of(get("/v5/pins/" + id)), 50);
    // Multiple images.
    json multi = {{"board_id", board},
                  {"media_source",
                   {{"source_type", "multiple_image_urls"},
                    {"items", {{{"url", "https://e.com/1.jpg"}, {"title", "one"}}, {{"url", "https://e.com/2.jpg"}}}}}}};
    r = post("/v5/pins", multi);
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(str(body_json(r)["media"], "media_type"), "multiple_images");
    EXPECT_EQ(body_json(r)["media"]["items"].size(), 2u);
}

TEST_F(ApiTest, PinValidationErrors) {
    std::string board = first_board_id();
    json ms = {{"source_type", "image_url"}, {"url", "https://example.com/a.jpg"}};
    auto create = [&](json extra) {
        json b = {{"board_id", board}, {"media_source", ms}};
        for (auto it = extra.begin(); it != extra.end(); ++it) b[it.key()] = it.value();
        return post("/v5/pins", b);
    };
    EXPECT_EQ(create({{"title", std::string(101, 'a')}}).status, 400);
    EXPECT_EQ(create({{"title", std::string(100, 'a')}}).status, 201);
    EXPECT_EQ(create({{"title", std::string(100, 'a') + "\xc3\xa9"}}).status, 400);
    EXPECT_EQ(create({{"description", std::string(801, 'a')}}).status, 400);
    EXPECT_EQ(create({{"alt_text", std::string(501, 'a')}}).status, 400);
    EXPECT_EQ(create({{"link", "https://e.com/" + std::string(2048, 'a')}}).status, 400);
    EXPECT_EQ(create({{"link", "javascript:alert(1)"}}).status, 400);
    EXPECT_EQ(create({{"board_id", "123"}}).status, 404);
    EXPECT_EQ(create({{"board_id", "abc"}}).status, 400);
    EXPECT_EQ(create({{"media_source", {{"source_type", "image_url"}, {"url", "ftp://x"}}}}).status, 400);
    EXPECT_EQ(create({{"media_source", {{"source_type", "image_base64"}, {"content_type", "image/png"}, {"data", "!!"}}}}).status, 400);
    EXPECT_EQ(create({{"media_source", {{"source_type", "image_base64"}, {"content_type", "image/png"},
                                         {"data", base64_encode("not an image at all")}}}}).status, 400);
    EXPECT_EQ(create({{"media_source", {{"source_type", "multiple_image_urls"}, {"items", {{{"url", "https://e.com/1"}}}}}}}).status, 400);
    EXPECT_EQ(create({{"media_source", 3}}).status, 400);
    Response r = create({{"title", 7}});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(code_of(r), 1);
}

TEST_F(ApiTest, SearchPinsAndBoards) {
    auto pins = all_items("/v5/search/pins?query=sourdough");
    ASSERT_FALSE(pins.empty());
    for (auto& p : pins) {
        std::string text = str(p, "title") + str(p, "description") + str(p, "alt_text");
        for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        EXPECT_NE(text.find("sourdough"), std::string::npos);
    }
    EXPECT_EQ(get("/v5/search/pins").status, 400);
    auto boards = all_items("/v5/search/boards?query=garden");
    EXPECT_EQ(boards.size(), 2u);
    // search/pins needs the _secret scopes.
    EXPECT_EQ(code_of(get("/v5/search/pins?query=a", mint({"boards:read", "pins:read"}))), 3);
}

TEST_F(ApiTest, MediaAndAdAccounts) {
    Response r = post("/v5/media", json{{"media_type", "video"}});
    ASSERT_EQ(r.status, 201) << r.body;
    json m = body_json(r);
    EXPECT_FALSE(str(m, "upload_url").empty());
    EXPECT_TRUE(m["upload_parameters"].contains("x-amz-signature"));
    std::string id = str(m, "media_id");
    EXPECT_EQ(str(body_json(get("/v5/media/" + id)), "status"), "registered");
    now += 10000;  // nothing uploaded: it stays registered (test_media.cpp follows an upload)
    EXPECT_EQ(str(body_json(get("/v5/media/" + id)), "status"), "registered");
    EXPECT_EQ(all_items("/v5/media").size(), 1u);
    EXPECT_EQ(post("/v5/media", json{{"media_type", "image"}}).status, 400);
    json a = body_json(get("/v5/ad_accounts"));
    ASSERT_EQ(a["items"].size(), 1u);
    EXPECT_EQ(str(a["items"][0], "currency"), "USD");
}

TEST_F(ApiTest, AnalyticsDatesAndShapes) {
    opts.rate_limit.enabled = false;  // more than org_analytics allows in one second; limits are tested elsewhere
    start();
    auto day = [&](int offset) { return test_date(now, offset); };
    std::string q = "start_date=" + day(-30) + "&end_date=" + day(0);
    Response r = get("/v5/user_account/analytics?" + q);
    ASSERT_EQ(r.status, 200) << r.body;
    json j = body_json(r);
    EXPECT_EQ(j["all"]["daily_metrics"].size(), 31u);
    EXPECT_GT(j["all"]["summary_metrics"]["IMPRESSION"].get<double>(), 0);
    // Deterministic.
    EXPECT_EQ(get("/v5/user_account/analytics?" + q).body, r.body);
    EXPECT_EQ(get("/v5/user_account/analytics?start_date=" + day(-91) + "&end_date=" + day(0)).status, 400);
    EXPECT_EQ(get("/v5/user_account/analytics?start_date=" + day(-10) + "&end_date=" + day(-20)).status, 400);
    EXPECT_EQ(get("/v5/user_account/analytics?start_date=2025-02-30&end_date=" + day(0)).status, 400);
    EXPECT_EQ(get("/v5/user_account/analytics?end_date=" + day(0)).status, 400);
    EXPECT_EQ(get("/v5/user_account/analytics?" + q + "&metric_types=BOGUS").status, 400);
    std::string pin = str(body_json(get("/v5/pins?page_size=1"))["items"][0], "id");
    r = get("/v5/pins/" + pin + "/analytics?" + q + "&metric_types=IMPRESSION,SAVE");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(body_json(r)["all"]["lifetime_metrics"].contains("SAVE"));
    EXPECT_EQ(get("/v5/pins/" + pin + "/analytics?" + q).status, 400);  // metric_types required
    r = get("/v5/pins/analytics?pin_ids=" + pin + "&" + q + "&metric_types=IMPRESSION");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(body_json(r).contains(pin));
    r = get("/v5/user_account/analytics/top_pins?" + q + "&sort_by=IMPRESSION&num_of_pins=5");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(body_json(r)["pins"].size(), 5u);
    EXPECT_EQ(get("/v5/user_account/analytics/top_pins?" + q + "&sort_by=IMPRESSION&num_of_pins=51").status, 400);
}

TEST_F(ApiTest, UnknownPathsAndMethods) {
    Response r = get("/v5/nope");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(code_of(r), 404);
    r = send(make("PUT", "/v5/boards", token, "{}"));
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(code_of(r), 405);
    EXPECT_EQ(get("/elsewhere").status, 404);
    EXPECT_EQ(get("/_emulator/faults").status, 404);  // control endpoint off by default
}

}  // namespace
}  // namespace pinlab::emu::test
