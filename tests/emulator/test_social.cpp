// test_social.cpp — followers, following (users and boards), follow a user, websites, businesses and partners:
// paging with bookmarks, errors, scopes, the sandbox's x-sandbox rules and the snapshot of what changed.
#include <set>

#include "emu_test_util.h"

namespace pinlab::emu::test {
namespace {

// kAllScopes plus the ones these operations add (following someone, websites, businesses).
std::vector<std::string> social_scopes() {
    auto s = kAllScopes;
    for (const char* x : {"user_accounts:write", "biz_access:read", "biz_access:write"}) s.push_back(x);
    return s;
}

struct SocialTest : EmuFixture {
    void SetUp() override { restart(); }
    void restart() {
        start();
        token = mint(social_scopes());
    }
};

TEST_F(SocialTest, FollowersRunToSeveralPagesAtTheDefaultSize) {
    Response first = get("/v5/user_account/followers");
    ASSERT_EQ(first.status, 200) << first.body;
    json j = body_json(first);
    EXPECT_EQ(j["items"].size(), 25u);
    ASSERT_TRUE(j["bookmark"].is_string());
    EXPECT_EQ(str(j["items"][0], "type"), "user");
    auto all = all_items("/v5/user_account/followers");
    EXPECT_EQ(all.size(), 60u);
    std::set<std::string> names;
    for (auto& u : all) names.insert(str(u, "username"));
    EXPECT_EQ(names.size(), 60u);  // no repeats across pages
    EXPECT_EQ(code_of(get("/v5/user_account/followers?bookmark=nonsense")), 1);
    EXPECT_EQ(get("/v5/user_account/followers?page_size=251").status, 400);
    // A bookmark of another listing is refused.
    std::string following_bm = body_json(get("/v5/user_account/following?page_size=2"))["bookmark"];
    EXPECT_EQ(get("/v5/user_account/followers?bookmark=" + percent_encode(following_bm)).status, 400);
}

TEST_F(SocialTest, FollowAUserPutsThemFirstInFollowing) {
    auto before = all_items("/v5/user_account/following");
    EXPECT_EQ(before.size(), 30u);
    std::string follower = str(body_json(get("/v5/user_account/followers?page_size=1"))["items"][0], "username");
    Response f = post("/v5/user_account/following/" + follower, json::object());
    ASSERT_EQ(f.status, 200) << f.body;
    EXPECT_EQ(str(body_json(f), "username"), follower);
    auto after = all_items("/v5/user_account/following");
    ASSERT_EQ(after.size(), 31u);
    EXPECT_EQ(str(after[0], "username"), follower);
    // Again: same answer, no duplicate.
    EXPECT_EQ(post("/v5/user_account/following/" + follower, json::object()).status, 200);
    EXPECT_EQ(all_items("/v5/user_account/following").size(), 31u);
    Response unknown = post("/v5/user_account/following/nobody_here", json::object());
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(code_of(unknown), 30);
    EXPECT_EQ(post("/v5/user_account/following/pinlab_demo", json::object()).status, 400);
    EXPECT_EQ(post("/v5/user_account/following/" + follower, json{{"auto_follow", "yes"}}).status, 400);
    // The path pattern refuses an all-digit username before the handler.
    EXPECT_NE(post("/v5/user_account/following/12345", json::object()).status, 200);
}

TEST_F(SocialTest, FollowedBoardsArePagedBoards) {
    auto boards = all_items("/v5/user_account/following/boards?page_size=5");
    ASSERT_EQ(boards.size(), 18u);
    EXPECT_NE(str(boards[0]["owner"], "username"), "pinlab_demo");
    // The cover is an avatar the emulator serves.
    std::string cover = str(boards[0]["media"], "image_cover_url");
    EXPECT_EQ(send(make("GET", cover)).status, 200);
}

TEST_F(SocialTest, ScopesAreChecked) {
    std::string pins_only = mint({"pins:read", "boards:read"});
    EXPECT_EQ(code_of(get("/v5/user_account/followers", pins_only)), 3);
    std::string read_only = mint({"user_accounts:read"});
    EXPECT_EQ(get("/v5/user_account/followers", read_only).status, 200);
    EXPECT_EQ(code_of(post("/v5/user_account/following/maya_bakes", json::object(), read_only)), 3);
    EXPECT_EQ(code_of(post("/v5/user_account/websites", json{{"website", "a.test"}}, read_only)), 3);
    EXPECT_EQ(code_of(get("/v5/businesses/employers", read_only)), 3);
}

TEST_F(SocialTest, SandboxRefusesWhatTheSpecMarksDisabled) {
    opts.flavor = Flavor::Sandbox;
    restart();
    EXPECT_EQ(get("/v5/user_account/followers").status, 200);            // x-sandbox: enabled
    EXPECT_EQ(get("/v5/user_account/following/boards").status, 200);     // enabled
    EXPECT_EQ(get("/v5/user_account/businesses").status, 200);           // enabled
    EXPECT_EQ(code_of(get("/v5/user_account/following")), 2);            // disabled
    EXPECT_EQ(code_of(get("/v5/user_account/websites")), 2);             // disabled
    EXPECT_EQ(code_of(get("/v5/businesses/1089446411700000101/partners")), 2);
}

TEST_F(SocialTest, WebsitesVerifyListAndUnverify) {
    auto sites = all_items("/v5/user_account/websites");
    ASSERT_EQ(sites.size(), 1u);
    EXPECT_EQ(str(sites[0], "website"), "pinlab.example.com");
    json code = body_json(get("/v5/user_account/websites/verification"));
    EXPECT_EQ(str(code, "verification_code").size(), 32u);
    EXPECT_NE(str(code, "metatag").find(str(code, "verification_code")), std::string::npos);
    Response ok = post("/v5/user_account/websites", json{{"website", "shop.example.org/store"}, {"verification_method", "DNSTXT"}});
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(str(body_json(ok), "status"), "success");
    Response unreachable = post("/v5/user_account/websites", json{{"website", "my-real-shop.com"}});
    EXPECT_EQ(unreachable.status, 400);
    EXPECT_NE(str(body_json(unreachable), "message").find("meta tag was not found"), std::string::npos);
    Response scheme = post("/v5/user_account/websites", json{{"website", "https://a.test"}});
    EXPECT_EQ(scheme.status, 400);
    EXPECT_NE(str(body_json(scheme), "message").find("without"), std::string::npos);
    EXPECT_EQ(post("/v5/user_account/websites", json{{"website", "a.test"}, {"verification_method", "EMAIL"}}).status, 400);
    EXPECT_EQ(all_items("/v5/user_account/websites").size(), 2u);
    EXPECT_EQ(del("/v5/user_account/websites?website=shop.example.org%2Fstore").status, 204);
    Response gone = del("/v5/user_account/websites?website=shop.example.org%2Fstore");
    EXPECT_EQ(gone.status, 404);
    EXPECT_EQ(str(body_json(gone), "message"), "Website not in user list.");
    EXPECT_EQ(all_items("/v5/user_account/websites").size(), 1u);
}

TEST_F(SocialTest, BusinessesAndPartnerSearch) {
    json linked = body_json(get("/v5/user_account/businesses"));
    ASSERT_TRUE(linked.is_array());
    ASSERT_EQ(linked.size(), 2u);
    EXPECT_EQ(send(make("GET", str(linked[0], "image_small_url"))).status, 200);
    auto employers = all_items("/v5/businesses/employers");
    ASSERT_EQ(employers.size(), 2u);
    std::string admin_of, employee_of;
    for (auto& e : employers) (e["business_roles"][0] == "BIZ_ADMIN" ? admin_of : employee_of) = str(e, "id");
    ASSERT_FALSE(admin_of.empty());
    ASSERT_FALSE(employee_of.empty());
    std::string base = "/v5/businesses/" + admin_of + "/partners";
    Response page = get(base);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_EQ(body_json(page)["items"].size(), 25u);
    auto all = all_items(base);
    EXPECT_EQ(all.size(), 40u);
    auto internal = all_items(base + "?partner_type=INTERNAL");
    auto external = all_items(base + "?partner_type=EXTERNAL");
    EXPECT_EQ(internal.size() + external.size(), 40u);
    for (auto& p : external) EXPECT_TRUE(p["is_shared_partner"].get<bool>());
    std::string one = str(all[3], "id");
    auto picked = all_items(base + "?partner_ids=" + one);
    ASSERT_EQ(picked.size(), 1u);
    EXPECT_EQ(str(picked[0], "id"), one);
    EXPECT_TRUE(all_items(base + "?assets_summary=true")[0]["assets_summary"].is_object());
    EXPECT_EQ(get(base + "?partner_type=BOTH").status, 400);
    EXPECT_EQ(get(base + "?partner_ids=abc").status, 400);
    EXPECT_EQ(get("/v5/businesses/" + employee_of + "/partners").status, 403);  // only admins see partners
    EXPECT_EQ(get("/v5/businesses/123/partners").status, 403);                  // not one the user acts for
}

TEST_F(SocialTest, FollowsAndWebsitesSurviveASnapshot) {
    EXPECT_EQ(post("/v5/user_account/following/maya_bakes", json::object()).status, 200);
    EXPECT_EQ(post("/v5/user_account/websites", json{{"website", "kept.test"}}).status, 200);
    std::string bytes = emu->save_state();
    Emulator again(opts);
    std::string err;
    ASSERT_TRUE(again.load_state(bytes, &err)) << err;
    std::string tok = again.mint_access_token("pinlab-demo", social_scopes(), now);
    json following = body_json(again.handle(make("GET", "/v5/user_account/following?page_size=1", tok), now));
    EXPECT_EQ(str(following["items"][0], "username"), "maya_bakes");
    json sites = body_json(again.handle(make("GET", "/v5/user_account/websites", tok), now));
    EXPECT_EQ(sites["items"].size(), 2u);
}

}  // namespace
}  // namespace pinlab::emu::test
