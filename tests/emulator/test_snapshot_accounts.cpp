// test_snapshot_accounts.cpp — a snapshot (save_state, what pinlab-server --state-dir and the page's Demo
// keep) holds everything of each of the three accounts: after every kind of state is changed by or for
// pinlab_demo, pinlab_pinner and pinlab_partner (follows and so followers, websites, boards, sections, pins,
// uploaded images, video uploads, generic objects, seed objects edited and deleted), a fresh emulator that
// loads the snapshot answers every reading endpoint exactly as the one that saved it, for every account.
#include "emu_test_util.h"

namespace pinlab::emu::test {
namespace {

const char* kPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const char* kAccountNames[] = {"pinlab_demo", "pinlab_pinner", "pinlab_partner"};

struct SnapshotAccounts : EmuFixture {
    std::string tok[3];  // every scope, one per account
    void SetUp() override {
        opts.pin_count = 40;
        opts.rate_limit.enabled = false;
        start();
        std::vector<std::string> every = kAllScopes;
        for (const char* s : {"user_accounts:write", "biz_access:read", "biz_access:write", "ads:write",
                              "catalogs:read", "catalogs:write"})
            every.push_back(s);
        for (int a = 0; a < 3; ++a) tok[a] = emu->mint_access_token("pinlab-demo", every, now, kAccountNames[a]);
    }

    // A video upload: registered, then the S3-style form with the file last. Its media id.
    std::string upload_video(const std::string& t) {
        json reg = body_json(post("/v5/media", json{{"media_type", "video"}}, t));
        std::string form;
        for (auto& [k, v] : reg["upload_parameters"].items())
            form += "--b0\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v.get<std::string>() + "\r\n";
        form += "--b0\r\nContent-Disposition: form-data; name=\"file\"; filename=\"v.mp4\"\r\n\r\n" +
                std::string("\0\0\0\x18" "ftypmp42\0\0\0\0mp42isom", 24) + "\r\n--b0--\r\n";
        Response up = send(make("POST", "/media/upload/", "", form, "multipart/form-data; boundary=b0"));
        EXPECT_EQ(up.status, 204) << up.body;
        return str(reg, "media_id");
    }

    // Changes every kind of state account `a` has; `other` is another account's username, `stranger` a
    // directory user's.
    void change_everything(int a, const std::string& other, const std::string& stranger) {
        const std::string& t = tok[a];
        const std::string who = kAccountNames[a];
        for (const std::string& u : {other, stranger})
            ASSERT_EQ(post("/v5/user_account/following/" + u, json::object(), t).status, 200) << who << " follows " << u;
        ASSERT_EQ(post("/v5/user_account/websites", json{{"website", "www.example.com/" + who}}, t).status, 200);
        ASSERT_EQ(post("/v5/user_account/websites", json{{"website", "shop.test/" + who}}, t).status, 200);
        if (a == 0) {
            ASSERT_EQ(del("/v5/user_account/websites?website=pinlab.example.com", t).status, 204);  // the seed's
        }
        // Boards, sections, pins: made, edited and deleted, the seed's among them.
        std::vector<json> seed_boards = all_items("/v5/boards?page_size=250", t);
        ASSERT_GE(seed_boards.size(), 2u);
        Response b = post("/v5/boards", json{{"name", who + " plans"}, {"privacy", "SECRET"}}, t);
        ASSERT_EQ(b.status, 201) << b.body;
        const std::string board = str(body_json(b), "id");
        ASSERT_EQ(patch("/v5/boards/" + board, json{{"description", "changed by " + who}}, t).status, 200);
        Response s = post("/v5/boards/" + board + "/sections", json{{"name", "Ideas"}}, t);
        ASSERT_EQ(s.status, 201) << s.body;
        json pin = {{"board_id", board},
                    {"board_section_id", str(body_json(s), "id")},
                    {"title", who + "'s upload"},
                    {"media_source", {{"source_type", "image_base64"}, {"content_type", "image/png"}, {"data", kPng}}}};
        ASSERT_EQ(post("/v5/pins", pin, t).status, 201);
        ASSERT_EQ(patch("/v5/boards/" + str(seed_boards[0], "id"), json{{"name", "Renamed by " + who}}, t).status, 200);
        ASSERT_EQ(del("/v5/boards/" + str(seed_boards.back(), "id"), t).status, 204);
        std::vector<json> pins = all_items("/v5/pins?page_size=250", t);
        ASSERT_GE(pins.size(), 3u);
        ASSERT_EQ(patch("/v5/pins/" + str(pins[1], "id"), json{{"title", "Retitled by " + who}}, t).status, 200);
        ASSERT_EQ(del("/v5/pins/" + str(pins[2], "id"), t).status, 204);
        upload_video(t);
        if (a != 1) {  // the BUSINESS accounts' generic objects (the PINNER has no ad account)
            Response c = post("/v5/ad_accounts/549755885175/campaigns",
                              json::array({json{{"ad_account_id", "549755885175"}, {"name", who + " campaign"},
                                                {"objective_type", "AWARENESS"}}}), t);
            ASSERT_EQ(c.status, 200) << c.body;
        }
    }

    // What every reading endpoint answers account `a` in `e`: URL -> status and body, the boards' and the
    // uploads' own endpoints included.
    std::map<std::string, std::string> answers(Emulator& e, int a) {
        std::map<std::string, std::string> out;
        auto read = [&](const std::string& url) {
            Response r = e.handle(make("GET", url, tok[a]), now);
            out[url] = std::to_string(r.status) + " " + r.body;
            return body_json(r);
        };
        for (const char* url : {"/v5/user_account", "/v5/user_account/followers?page_size=250",
                                "/v5/user_account/following?page_size=250", "/v5/user_account/following/boards?page_size=250",
                                "/v5/user_account/websites?page_size=250", "/v5/user_account/websites/verification",
                                "/v5/user_account/businesses", "/v5/pins?page_size=250", "/v5/ad_accounts",
                                "/v5/ad_accounts/549755885175/campaigns?page_size=250"})
            read(url);
        const json employers = read("/v5/businesses/employers?page_size=250");
        for (const json& biz : employers["items"]) read("/v5/businesses/" + str(biz, "id") + "/partners?page_size=250");
        const json boards = read("/v5/boards?page_size=250");
        for (const json& b : boards["items"]) {
            const std::string id = str(b, "id");
            read("/v5/boards/" + id);
            read("/v5/boards/" + id + "/pins?page_size=250");
            const json sections = read("/v5/boards/" + id + "/sections?page_size=250");
            for (const json& s : sections["items"])
                read("/v5/boards/" + id + "/sections/" + str(s, "id") + "/pins?page_size=250");
        }
        const json media = read("/v5/media?page_size=250");
        for (const json& m : media["items"]) read("/v5/media/" + str(m, "media_id"));
        return out;
    }
};

TEST_F(SnapshotAccounts, EveryAccountsStateSurvivesARoundTrip) {
    std::string stranger;  // a directory user (the newest followers are the other accounts)
    for (const json& f : all_items("/v5/user_account/followers?page_size=250", tok[0]))
        if (stranger.empty() && str(f, "username").rfind("pinlab_", 0) != 0) stranger = str(f, "username");
    ASSERT_FALSE(stranger.empty());
    for (int a = 0; a < 3; ++a) {
        change_everything(a, kAccountNames[(a + 2) % 3], stranger);
        if (HasFatalFailure()) return;
    }
    // The originals show the changes (so equal answers below mean they were kept, not that nothing changed).
    for (int a = 0; a < 3; ++a) {
        const std::string who = kAccountNames[a];
        json following = body_json(get("/v5/user_account/following?page_size=250", tok[a]));
        EXPECT_NE(json_dump(following).find(stranger), std::string::npos) << who;
        json sites = body_json(get("/v5/user_account/websites?page_size=250", tok[a]));
        EXPECT_NE(json_dump(sites).find("shop.test/" + who), std::string::npos) << who;
        json followers = body_json(get("/v5/user_account/followers?page_size=250", tok[(a + 2) % 3]));
        EXPECT_NE(json_dump(followers).find("\"" + who + "\""), std::string::npos) << who << " follows " << kAccountNames[(a + 2) % 3];
    }
    std::map<std::string, std::string> before[3];
    for (int a = 0; a < 3; ++a) before[a] = answers(*emu, a);

    const std::string saved = emu->save_state();
    Emulator restored(opts);
    std::string why;
    ASSERT_TRUE(restored.load_state(saved, &why)) << why;
    for (int a = 0; a < 3; ++a) {
        std::map<std::string, std::string> after = answers(restored, a);
        EXPECT_GT(after.size(), 20u);
        for (const auto& [url, answer] : before[a]) {
            auto it = after.find(url);
            ASSERT_NE(it, after.end()) << kAccountNames[a] << ": " << url << " is not read after the restore";
            EXPECT_EQ(it->second, answer) << kAccountNames[a] << ": " << url;
        }
        EXPECT_EQ(after.size(), before[a].size()) << kAccountNames[a];
    }
    // And saving what was restored gives the same bytes: nothing was lost on the way in.
    EXPECT_EQ(restored.save_state(), saved);
}

// A hostile snapshot cannot give follows to an account that does not exist, or twice to one that does.
TEST_F(SnapshotAccounts, FollowsOfAnUnknownAccountAreRefused) {
    ASSERT_EQ(post("/v5/user_account/websites", json{{"website", "x.example.com"}}, tok[1]).status, 200);
    const std::string saved = emu->save_state();
    const std::string id = kAccounts[1].id;
    const size_t at = saved.rfind(id);
    ASSERT_NE(at, std::string::npos);
    std::string unknown = saved;
    unknown[at + id.size() - 1] = '9';
    Emulator e(opts);
    std::string why;
    EXPECT_FALSE(e.load_state(unknown, &why));
    EXPECT_EQ(why, "the snapshot is corrupted (the follows of an account that does not exist)");
    ASSERT_TRUE(e.load_state(saved, &why)) << why;
}

}  // namespace
}  // namespace pinlab::emu::test
