// test_pagination.cpp — bookmarks: every pin exactly once at page sizes 250 and 25, stability while items are
// added and deleted between pages, page_size limits and tampered bookmarks.
#include <set>

#include "emu_test_util.h"

namespace pinlab::emu::test {
namespace {

using PaginationTest = EmuFixture;

void expect_all_pins_once(const std::vector<json>& items, size_t expected) {
    std::set<std::string> ids;
    for (auto& p : items) ids.insert(str(p, "id"));
    EXPECT_EQ(items.size(), expected);
    EXPECT_EQ(ids.size(), expected);
}

TEST_F(PaginationTest, AllPinsAtPageSize250And25) {
    auto big = all_items("/v5/pins?page_size=250");
    expect_all_pins_once(big, 1000);
    auto small = all_items("/v5/pins");
    expect_all_pins_once(small, 1000);
    // Same order either way: newest first by created_at.
    for (size_t i = 0; i < big.size(); ++i) ASSERT_EQ(str(big[i], "id"), str(small[i], "id"));
    for (size_t i = 1; i < big.size(); ++i) EXPECT_GE(str(big[i - 1], "created_at"), str(big[i], "created_at"));
}

TEST_F(PaginationTest, LastPageHasNullBookmark) {
    json j = body_json(get("/v5/pins?page_size=250"));
    EXPECT_EQ(j["items"].size(), 250u);
    EXPECT_TRUE(j["bookmark"].is_string());
    j = body_json(get("/v5/boards?page_size=250"));
    EXPECT_EQ(j["items"].size(), 12u);
    EXPECT_TRUE(j["bookmark"].is_null());
}

TEST_F(PaginationTest, StableWhileItemsAreAddedAndDeleted) {
    opts.pin_count = 300;
    start();
    std::string board = first_board_id();
    std::set<std::string> seen;
    std::vector<std::string> deleted;
    std::string bookmark;
    int page = 0;
    size_t initial = all_items("/v5/pins?page_size=250").size();
    while (true) {
        Response r = get("/v5/pins?page_size=30" + (bookmark.empty() ? "" : "&bookmark=" + percent_encode(bookmark)));
        ASSERT_EQ(r.status, 200) << r.body;
        json j = body_json(r);
        for (auto& p : j["items"]) EXPECT_TRUE(seen.insert(str(p, "id")).second) << "duplicate " << str(p, "id");
        if (j["bookmark"].is_null()) break;
        bookmark = j["bookmark"].get<std::string>();
        ++page;
        // Between pages: add a pin (newer: not part of this walk) and delete one not yet seen.
        json body = {{"board_id", board}, {"media_source", {{"source_type", "image_url"}, {"url", "https://e.com/" + std::to_string(page)}}}};
        ASSERT_EQ(post("/v5/pins", body).status, 201);
        json next = body_json(get("/v5/pins?page_size=1&bookmark=" + percent_encode(bookmark)));
        ASSERT_EQ(next["items"].size(), 1u);
        std::string victim = str(next["items"][0], "id");
        ASSERT_EQ(del("/v5/pins/" + victim).status, 204);
        deleted.push_back(victim);
    }
    EXPECT_EQ(seen.size() + deleted.size(), initial);
    for (auto& d : deleted) EXPECT_EQ(seen.count(d), 0u);
}

TEST_F(PaginationTest, PageSizeLimits) {
    for (const char* bad : {"0", "251", "-1", "abc", "1e2", "99999999999"}) {
        Response r = get(std::string("/v5/pins?page_size=") + bad);
        EXPECT_EQ(r.status, 400) << bad;
        EXPECT_EQ(code_of(r), 1) << bad;
    }
    EXPECT_EQ(body_json(get("/v5/pins"))["items"].size(), 25u);
    EXPECT_EQ(body_json(get("/v5/pins?page_size=1"))["items"].size(), 1u);
}

TEST_F(PaginationTest, BadBookmarksAre400) {
    std::string good = body_json(get("/v5/pins"))["bookmark"].get<std::string>();
    std::string tampered = good;
    tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
    std::string board_bm = body_json(get("/v5/boards?page_size=1"))["bookmark"].get<std::string>();
    for (const std::string& bad : {std::string("garbage!!"), tampered, board_bm, std::string(500, 'A')}) {
        Response r = get("/v5/pins?bookmark=" + percent_encode(bad));
        EXPECT_EQ(r.status, 400) << bad;
        EXPECT_EQ(code_of(r), 1);
    }
}

TEST_F(PaginationTest, BoardPinsPaginateWithinTheBoard) {
    std::string board = first_board_id();
    auto pins = all_items("/v5/boards/" + board + "/pins?page_size=7");
    ASSERT_GT(pins.size(), 7u);
    std::set<std::string> ids;
    for (auto& p : pins) {
        EXPECT_EQ(str(p, "board_id"), board);
        ids.insert(str(p, "id"));
    }
    EXPECT_EQ(ids.size(), pins.size());
    EXPECT_EQ(body_json(get("/v5/boards/" + board))["pin_count"], static_cast<int>(pins.size()));
}

}  // namespace
}  // namespace pinlab::emu::test
