// test_param_style.cpp — core/param_style.h: array parameters go on the wire as the spec's style says
// (explode=false: one comma-joined value; the default form style: the name repeated), and the multi-select's
// choices stay in the enum's order through toggles, select-all and select-none of a filtered list.
#include <gtest/gtest.h>

#include "core/param_style.h"

using namespace pinlab;

TEST(ParamStyle, ExplodeFollowsTheSpecAndItsDefaults) {
    EXPECT_FALSE(param_explodes(json{{"in", "query"}, {"style", "form"}, {"explode", false}}));
    EXPECT_TRUE(param_explodes(json{{"in", "query"}}));  // OpenAPI: form, explode=true
    EXPECT_FALSE(param_explodes(json{{"in", "path"}}));  // simple
    EXPECT_TRUE(param_explodes(json{{"in", "path"}, {"explode", true}}));

    EXPECT_EQ(build_query(array_param_pairs("columns", "SPEND_IN_DOLLAR, CTR,,TOTAL_CLICKTHROUGH", false)),
              "columns=SPEND_IN_DOLLAR%2CCTR%2CTOTAL_CLICKTHROUGH");
    EXPECT_EQ(build_query(array_param_pairs("pin_ids", "1,2", true)), "pin_ids=1&pin_ids=2");
    EXPECT_TRUE(array_param_pairs("pin_ids", " , ", true).empty());
}

TEST(ParamStyle, TheMultiSelectKeepsTheEnumsOrder) {
    std::vector<std::string> opts = {"SPEND_IN_DOLLAR", "CTR", "ECTR", "TOTAL_CLICKTHROUGH", "PAID_IMPRESSION"};
    std::string t = toggle_choice("", opts, "ECTR");
    t = toggle_choice(t, opts, "SPEND_IN_DOLLAR");
    EXPECT_EQ(t, "SPEND_IN_DOLLAR,ECTR");
    EXPECT_EQ(toggle_choice(t, opts, "SPEND_IN_DOLLAR"), "ECTR");
    EXPECT_EQ(toggle_choice("ECTR,CUSTOM", opts, "CTR"), "CTR,ECTR,CUSTOM");  // typed values are kept

    auto shown = filter_options(opts, "ctr");
    EXPECT_EQ(shown, (std::vector<size_t>{1, 2}));
    EXPECT_EQ(filter_options(opts, "").size(), opts.size());
    EXPECT_EQ(filter_options(opts, " total click").size(), 1u);
    EXPECT_EQ(choose_all("PAID_IMPRESSION", opts, shown), "CTR,ECTR,PAID_IMPRESSION");
    EXPECT_EQ(choose_none("CTR,ECTR,PAID_IMPRESSION", opts, shown), "PAID_IMPRESSION");  // the hidden one stays
    EXPECT_EQ(split_list(" a , b,,c "), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(join_list({"a", "b"}), "a,b");
}
