// test_view_table.cpp — the table of views (app/views.h): one entry per route, each reachable by its address,
// and the navigation built from it.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "app/routes.h"
#include "app/views.h"

using namespace pinlab::app;

TEST(ViewTable, OneEntryPerRouteWithWhatTheCoordinatorCalls) {
    std::set<int> routes;
    std::set<std::string> slugs;
    for (const ViewDef* v : all_views()) {
        EXPECT_TRUE(routes.insert(static_cast<int>(v->route)).second) << v->slug << " listed twice";
        EXPECT_TRUE(slugs.insert(v->slug).second) << v->slug;
        EXPECT_EQ(&view_def(v->route), v) << v->slug;
        EXPECT_NE(v->draw, nullptr) << v->slug;
        EXPECT_NE(std::string(v->title), "") << v->slug;
        if (v->group != NavGroup::None) EXPECT_NE(v->nav_label, nullptr) << v->slug;
    }
    // Every value of Route (the last one is Faults) has its entry.
    EXPECT_EQ(routes.size(), static_cast<size_t>(Route::Faults) + 1);
}

TEST(ViewTable, EveryViewWithoutIdsHasItsAddress) {
    for (const ViewDef* v : all_views()) {
        if (v->route == Route::Board || v->route == Route::Pin) continue;  // addressed by their ids
        auto n = parse_hash(to_hash(Nav{v->route}));
        ASSERT_TRUE(n) << v->slug;
        EXPECT_EQ(n->route, v->route) << v->slug;
        EXPECT_EQ(to_hash(Nav{v->route}), std::string("#/") + v->slug);
    }
    EXPECT_FALSE(parse_hash("#/board")) << "a board is addressed by its id";
    EXPECT_FALSE(parse_hash("#/pin"));
    EXPECT_EQ(parse_hash("#/boards/7")->route, Route::Board);
}

TEST(ViewTable, TheTopBarIsTheTablesOrderAndBoardsStayLitInsideABoard) {
    std::string bar, more;
    for (const ViewDef* v : all_views()) {
        if (v->group == NavGroup::Bar) bar += std::string(v->nav_label) + ",";
        if (v->group == NavGroup::More) more += std::string(v->nav_label) + ",";
    }
    EXPECT_EQ(bar, "Profile,Boards,Pins,Create,Search,Analytics,Console,Token,Explorer,Faults,");
    EXPECT_EQ(more, "Followers,Top pins,Video pin,Websites,Businesses,");
    EXPECT_EQ(view_def(Route::Board).lights, Route::Boards);
    EXPECT_EQ(view_def(Route::Pin).lights, Route::Boards);
    EXPECT_EQ(view_def(Route::Search).lights, Route::Search);
}
