// test_paging.cpp — core/paging.h: the next page is the same query with the answer's bookmark, the last
// page has none, and Previous walks back through the bookmarks to the first page.
#include <gtest/gtest.h>

#include "core/paging.h"

using namespace pinlab;

TEST(Paging, NextSetsTheBookmarkAndPreviousWalksBack) {
    PageTrail t;
    json p1 = {{"items", json::array()}, {"bookmark", "b2"}};
    auto q2 = t.next("page_size=3", p1);
    ASSERT_TRUE(q2);
    EXPECT_EQ(*q2, "page_size=3&bookmark=b2");
    auto q3 = t.next(*q2, json{{"bookmark", "b3+/="}});
    ASSERT_TRUE(q3);
    EXPECT_EQ(*q3, "page_size=3&bookmark=b3%2B%2F%3D");
    EXPECT_FALSE(t.next(*q3, json{{"items", json::array()}, {"bookmark", nullptr}}));  // the last page
    EXPECT_FALSE(t.next(*q3, json::array()));
    auto back2 = t.previous(*q3);
    ASSERT_TRUE(back2);
    EXPECT_EQ(*back2, "page_size=3&bookmark=b2");
    auto back1 = t.previous(*back2);
    ASSERT_TRUE(back1);
    EXPECT_EQ(*back1, "page_size=3");
    EXPECT_FALSE(t.previous(*back1));
}

TEST(Paging, WithBookmarkReplacesInPlaceAndDropsDuplicates) {
    EXPECT_EQ(with_bookmark("bookmark=old&page_size=3&bookmark=again", "new"), "bookmark=new&page_size=3");
    EXPECT_EQ(with_bookmark("bookmark=old&page_size=3", ""), "page_size=3");
    EXPECT_EQ(with_bookmark("", "x"), "bookmark=x");
    EXPECT_EQ(answer_bookmark(json{{"bookmark", 5}}), "");
}

TEST(Paging, TheTrailIsBounded) {
    PageTrail t;
    std::string q = "page_size=1";
    for (size_t i = 0; i < PageTrail::kMaxDepth + 20; ++i) q = *t.next(q, json{{"bookmark", "b" + std::to_string(i)}});
    EXPECT_EQ(t.before.size(), PageTrail::kMaxDepth);
}
