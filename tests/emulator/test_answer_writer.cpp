// test_answer_writer.cpp — the answers the emulator writes as text (core/json_writer.h) instead of building a
// json tree: boards, sections, the user account, the token answer, errors and the list envelope. Each is
// compared byte for byte with json_dump of the json object the emulator built for it before (the reference
// below, nlohmann's key order and escaping), hostile strings included.
#include <gtest/gtest.h>

#include "emu_test_util.h"

namespace pinlab::emu::test {
namespace {

// [SECTION] The references: the json objects these answers were built as.

json opt_ref(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json board_ref(const Emulator::Impl& im, const Board& b) {
    int count = 0;
    json thumbs = json::array();
    std::string cover_pin;
    for (auto it = im.store.pin_order.rbegin(); it != im.store.pin_order.rend(); ++it) {
        auto p = im.store.pins.find(it->second);
        if (p == im.store.pins.end() || p->second.board_id != b.id) continue;
        ++count;
        if (thumbs.size() < 5) {
            const Pin& pin = p->second;
            thumbs.push_back(im.media_url(pin_image_path(pin.id, 0, "150x150", pin.items[0].image)));
            if (cover_pin.empty()) cover_pin = pin_image_path(pin.id, 0, "400x300", pin.items[0].image);
        }
    }
    json j;
    j["id"] = b.id;
    j["created_at"] = format_datetime(b.created_ms);
    j["board_pins_modified_at"] = format_datetime(b.pins_modified_ms);
    j["name"] = b.name;
    j["description"] = opt_ref(b.description);
    j["collaborator_count"] = b.collaborator_count;
    j["pin_count"] = count;
    j["follower_count"] = b.follower_count;
    j["media"] = {{"image_cover_url", cover_pin.empty() ? json(nullptr) : json(im.media_url(cover_pin))},
                  {"pin_thumbnail_urls", thumbs}};
    const AccountInfo* owner = find_account(b.owner);
    j["owner"] = {{"username", owner ? owner->username : im.store.username}};
    j["privacy"] = b.privacy;
    j["is_ads_only"] = b.is_ads_only;
    return j;
}

json section_ref(const Section& s) { return json{{"id", s.id}, {"name", s.name}}; }

const std::vector<std::string> kHostile = {
    "",
    "plain",
    "quote \" and \\ backslash / slash",
    "tab\tnew\nline\rcr\b\f \x01\x1f ctl \x7f del",
    "東京 ☕🍣 مرحبا",
    "bad \xff utf-8 \xc3",
    "overlong \xc0\xaf surrogate \xed\xa0\x80 cut \xf0\x9f\x8d",
    "</script>&<>'",
    std::string(5000, 'n') + "\xe6\x9d\xb1",
};

std::string board_text(const Emulator::Impl& im, const Board& b) {
    std::string out;
    im.write_board_json(out, b);
    return out;
}

// [SECTION] Boards and sections

TEST(AnswerWriter, BoardsMatchTheJsonTree) {
    for (const char* base : {"", "http://127.0.0.1:8080/x/"}) {
        Options o;
        o.pin_count = 300;
        o.public_base_url = base;
        Emulator::Impl im(o);
        im.ensure_seeded();
        size_t k = 0;
        for (auto& [id, b] : im.store.boards) {
            ASSERT_EQ(board_text(im, b), json_dump(board_ref(im, b))) << "seed board " << id;
            b.name = kHostile[k % kHostile.size()];
            b.description = k % 3 ? std::optional<std::string>(kHostile[(k + 1) % kHostile.size()]) : std::nullopt;
            b.is_ads_only = k % 2;
            b.follower_count = static_cast<int>(k) * 1000 - 3;
            b.created_ms = -static_cast<int64_t>(k) * 86400001;
            ++k;
            ASSERT_EQ(board_text(im, b), json_dump(board_ref(im, b))) << "hostile board " << id;
        }
        EXPECT_GT(k, 5u);
        // A board with no pins: no cover, no thumbnails; one of another account: its owner's username.
        Board empty;
        empty.id = "1089446300000099999";
        empty.name = "empty";
        empty.owner = kAccounts[1].id;
        EXPECT_EQ(board_text(im, empty), json_dump(board_ref(im, empty)));
        im.store.username = "user \"quoted\" \xc3\xa9 \xff";
        empty.owner.clear();
        EXPECT_EQ(board_text(im, empty), json_dump(board_ref(im, empty)));
    }
}

TEST(AnswerWriter, SectionsMatchTheJsonTree) {
    Options o;
    Emulator::Impl im(o);
    for (const auto& name : kHostile) {
        Section s;
        s.id = "5089446300000000042";
        s.name = name;
        std::string out;
        im.write_section_json(out, s);
        EXPECT_EQ(out, json_dump(section_ref(s)));
    }
}

// [SECTION] Errors

TEST(AnswerWriter, ErrorsMatchTheJsonTree) {
    for (int code : {0, 1, 2, 404, 2031, -7}) {
        for (const auto& message : kHostile) {
            Response r = error_response(400, code, message);
            EXPECT_EQ(r.status, 400);
            EXPECT_EQ(r.headers.get("Content-Type"), "application/json");
            EXPECT_EQ(r.body, json_dump(json{{"code", code}, {"message", message}}));
        }
    }
    Response a = auth_failed();
    EXPECT_EQ(a.status, 401);
    EXPECT_EQ(a.headers.get("Content-Type"), "application/json");
    EXPECT_EQ(a.body, json_dump(json{{"code", 2}, {"message", "Authentication failed."}, {"status", "failure"}}));
}

// [SECTION] Whole answers, through Impl::handle (so the store can hold what the API would refuse)

struct Answers : ::testing::Test {
    Options opts;
    std::unique_ptr<Emulator::Impl> im;
    std::string token;  // all scopes, the first account
    void SetUp() override { start(); }
    void start() {
        im = std::make_unique<Emulator::Impl>(opts);
        im->ensure_seeded();
        token = mint(0);
    }
    std::string mint(AccountIndex user) {
        return im->issue(false, key64("pinlab-demo"), scope_bits(kAllScopes), kNow, 2592000, 0, user);
    }
    Response send(const Request& r) { return im->handle(r, kNow); }
    Response get(const std::string& url, const std::string& tok = "") { return send(make("GET", url, tok.empty() ? token : tok)); }
    Response post(const std::string& url, const json& body) { return send(make("POST", url, token, json_dump(body))); }
    Response patch(const std::string& url, const json& body) { return send(make("PATCH", url, token, json_dump(body))); }
    std::vector<json> board_refs(const Response& page) {
        std::vector<json> out;
        const json body = body_json(page);
        for (const auto& b : body["items"]) out.push_back(board_ref(*im, im->store.boards.at(str(b, "id"))));
        return out;
    }
};

// The text of a list answer is what json_response(200, {items, bookmark}) wrote for the reference items.
void expect_page(const Response& r, const std::vector<json>& items_ref, const std::string& what) {
    ASSERT_EQ(r.status, 200) << what << ": " << r.body;
    EXPECT_EQ(r.headers.get("Content-Type"), "application/json");
    json parsed = body_json(r);
    ASSERT_TRUE(parsed.is_object()) << what;
    json ref = {{"items", items_ref}, {"bookmark", parsed["bookmark"]}};
    EXPECT_EQ(r.body, json_dump(ref)) << what;
}

TEST_F(Answers, BoardListsAndABoardAreTheJsonTreesText) {
    size_t k = 0;
    std::string board;
    for (auto& [id, b] : im->store.boards) {
        b.name = kHostile[k % kHostile.size()];
        b.description = kHostile[(k + 3) % kHostile.size()] + " desc";
        if (board.empty() && im->mine(b)) board = id;
        ++k;
    }
    ASSERT_FALSE(board.empty());
    Response page = get("/v5/boards?page_size=3");
    expect_page(page, board_refs(page), "boards");
    ASSERT_TRUE(body_json(page)["bookmark"].is_string());
    Response next = get("/v5/boards?page_size=250&bookmark=" + percent_encode(body_json(page)["bookmark"].get<std::string>()));
    expect_page(next, board_refs(next), "boards, second page");
    EXPECT_TRUE(body_json(next)["bookmark"].is_null());
    Response secret = get("/v5/boards?privacy=SECRET");
    expect_page(secret, board_refs(secret), "secret boards");

    Response one = get("/v5/boards/" + board);
    EXPECT_EQ(one.status, 200);
    EXPECT_EQ(one.body, json_dump(board_ref(*im, im->store.boards.at(board))));
    Response found = get("/v5/search/boards?query=desc");
    expect_page(found, board_refs(found), "search/boards");
    EXPECT_FALSE(body_json(found)["items"].empty());

    Response changed = patch("/v5/boards/" + board, json{{"name", "東京 \"☕\" \\ 🍣"}, {"description", nullptr}});
    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(changed.body, json_dump(board_ref(*im, im->store.boards.at(board))));
    Response created = post("/v5/boards", json{{"name", "new \x01 board"}, {"privacy", "PUBLIC"}});
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string made = str(body_json(created), "id");
    EXPECT_EQ(created.body, json_dump(board_ref(*im, im->store.boards.at(made))));
    EXPECT_TRUE(body_json(created)["media"]["image_cover_url"].is_null());
}

TEST_F(Answers, SectionListsAndSectionsAreTheJsonTreesText) {
    std::string board;
    for (const auto& [id, s] : im->store.sections)
        if (im->mine(im->store.boards.at(s.board_id))) board = s.board_id;
    ASSERT_FALSE(board.empty());
    size_t k = 0;
    for (auto& [id, s] : im->store.sections)
        if (s.board_id == board) s.name = kHostile[k++ % kHostile.size()];
    ASSERT_GT(k, 0u);
    auto section_refs = [&](const Response& page) {
        std::vector<json> out;
        const json body = body_json(page);
        for (const auto& s : body["items"]) out.push_back(section_ref(im->store.sections.at(str(s, "id"))));
        return out;
    };
    Response all = get("/v5/boards/" + board + "/sections?page_size=250");
    expect_page(all, section_refs(all), "sections");
    EXPECT_EQ(body_json(all)["items"].size(), k);
    Response first = get("/v5/boards/" + board + "/sections?page_size=1");
    expect_page(first, section_refs(first), "sections, one");

    Response made = post("/v5/boards/" + board + "/sections", json{{"name", "مرحبا \"☕\" \\ \t"}});
    ASSERT_EQ(made.status, 201) << made.body;
    const std::string id = str(body_json(made), "id");
    EXPECT_EQ(made.body, json_dump(section_ref(im->store.sections.at(id))));
    Response renamed = patch("/v5/boards/" + board + "/sections/" + id, json{{"name", "🍣 </script>"}});
    ASSERT_EQ(renamed.status, 200) << renamed.body;
    EXPECT_EQ(renamed.body, json_dump(section_ref(im->store.sections.at(id))));
}

TEST_F(Answers, UserAccountIsTheJsonTreesText) {
    for (AccountIndex user : {AccountIndex{0}, AccountIndex{1}}) {  // a BUSINESS and a PINNER (business_name null)
        Response r = get("/v5/user_account", mint(user));
        ASSERT_EQ(r.status, 200);
        const AccountInfo& me = kAccounts[user];
        int boards = 0, pins = 0;
        im->act_as(account_key(user));
        for (const auto& [id, b] : im->store.boards) boards += im->mine(b) ? 1 : 0;  // every scope: all readable
        for (const auto& [id, p] : im->store.pins) pins += im->mine(p) ? 1 : 0;
        im->act_as("");
        json ref = {{"account_type", me.type},
                    {"id", me.id},
                    {"profile_image", std::string("/media/users/") + me.username + "/150x150.png"},
                    {"website_url", "https://pinlab.example.com"},
                    {"username", me.username},
                    {"about", me.about},
                    {"business_name", me.business_name ? json(me.business_name) : json(nullptr)},
                    {"board_count", boards},
                    {"pin_count", pins},
                    {"follower_count", 12840},
                    {"following_count", 311},
                    {"monthly_views", 482000}};
        EXPECT_EQ(r.body, json_dump(ref)) << "account " << int(user);
        EXPECT_GT(boards, 0);
        EXPECT_GT(pins, 0);
    }
}

TEST_F(Answers, TokenAnswersAreTheJsonTreesText) {
    Emulator emu(opts);  // the consent page and the token endpoint, through the public API
    const std::string redirect = "http://localhost:8080/oauth/callback";
    const std::string verifier = pkce_make_verifier();
    Params a = {{"client_id", "pinlab-demo"},
                {"redirect_uri", redirect},
                {"response_type", "code"},
                {"scope", "boards:read,pins:read,user_accounts:read"},
                {"state", "s"},
                {"code_challenge", pkce_challenge_s256(verifier)},
                {"code_challenge_method", "S256"}};
    const std::string code = param(query_of(consent(emu, a, kNow)), "code").value_or("");
    ASSERT_FALSE(code.empty());
    auto token_req = [&](const Params& form, const std::string& basic = "") {
        Request r = make("POST", "/v5/oauth/token", "", form_encode(form), "application/x-www-form-urlencoded");
        if (!basic.empty()) r.headers.set("Authorization", "Basic " + base64_encode(basic));
        return emu.handle(r, kNow);
    };
    auto with_refresh = [&](const json& j, const char* type) {
        return json{{"access_token", j["access_token"]},
                    {"token_type", "bearer"},
                    {"expires_in", 2592000},
                    {"scope", j["scope"]},
                    {"response_type", type},
                    {"refresh_token", j["refresh_token"]},
                    {"refresh_token_expires_in", 5184000},
                    {"refresh_token_expires_at", kNow / 1000 + 5184000}};
    };
    Response first = token_req({{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", redirect},
                                {"client_id", "pinlab-demo"}, {"code_verifier", verifier}});
    ASSERT_EQ(first.status, 200) << first.body;
    json f = body_json(first);
    EXPECT_EQ(first.body, json_dump(with_refresh(f, "authorization_code")));
    EXPECT_EQ(str(f, "scope"), "boards:read pins:read user_accounts:read");
    EXPECT_EQ(first.headers.get("Cache-Control"), "no-store");

    Response second = token_req({{"grant_type", "refresh_token"}, {"refresh_token", str(f, "refresh_token")},
                                 {"client_id", "pinlab-demo"}});
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_EQ(second.body, json_dump(with_refresh(body_json(second), "refresh_token")));

    // client_credentials: no refresh token.
    Response third = token_req({{"grant_type", "client_credentials"}, {"scope", "boards:read"}},
                               "pinlab-confidential:pinlab-demo-secret");
    ASSERT_EQ(third.status, 200) << third.body;
    json t = body_json(third);
    EXPECT_FALSE(t.contains("refresh_token"));
    EXPECT_EQ(third.body, json_dump(json{{"access_token", t["access_token"]},
                                         {"token_type", "bearer"},
                                         {"expires_in", 2592000},
                                         {"scope", t["scope"]},
                                         {"response_type", t["response_type"]}}));
}

// The one-shot faults that fired are kept as plain records; the faults answer lists them as the json did.
TEST_F(Answers, FiredFaultsAreListedWithTheirTime) {
    opts.control_endpoint = true;
    start();
    ASSERT_EQ(send(make("POST", "/_emulator/faults", "-", json_dump(json{{"next", {"500", "403"}}}))).status, 200);
    Response failed = get("/v5/boards?x=1");
    EXPECT_EQ(failed.status, 500);
    EXPECT_EQ(failed.body, json_dump(json{{"code", 500}, {"message", "Something went wrong on our end. Please try again."}}));
    EXPECT_EQ(send(make("DELETE", "/v5/pins/1", token)).status, 403);
    json f = body_json(send(make("GET", "/_emulator/faults")));
    ASSERT_EQ(f["fired"].size(), 2u) << f.dump();
    EXPECT_EQ(f["fired"][0], (json{{"fault", "500"}, {"method", "GET"}, {"path", "/v5/boards"}, {"at_ms", kNow}}));
    EXPECT_EQ(f["fired"][1], (json{{"fault", "403"}, {"method", "DELETE"}, {"path", "/v5/pins/1"}, {"at_ms", kNow}}));
    EXPECT_EQ(f["fired_total"], 2);
}

}  // namespace
}  // namespace pinlab::emu::test
