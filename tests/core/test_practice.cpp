// test_practice.cpp — core/practice.h: the rules name operations and body fields that exist in the spec
// (and that the schema leaves optional: otherwise the rule would be redundant), the missing ones are
// found, and the verdict names them.
#include <gtest/gtest.h>

#include "core/practice.h"
#include "test_catalogue.h"

using namespace pinlab;

TEST(Practice, EveryRuleNamesAnOptionalPropertyOfARealBody) {
    const Catalogue& c = *spec_fixture::test_catalogue();
    ASSERT_FALSE(practice_rules().empty());
    for (const PracticeRule& r : practice_rules()) {
        const json* op = c.operation(r.op);
        ASSERT_TRUE(op) << r.op;
        const json* s = c.resolve((*op)["body"]["schema"]);
        ASSERT_TRUE(s) << r.op;
        EXPECT_TRUE((*s)["properties"].contains(r.field)) << r.op << " " << r.field;
        bool schema_requires = false;
        if (s->contains("required"))
            for (const json& n : (*s)["required"]) schema_requires = schema_requires || n == r.field;
        EXPECT_FALSE(schema_requires) << r.op << " " << r.field << " is already required by the schema";
        EXPECT_NE(std::string(r.message).find(r.field), std::string::npos);
    }
}

TEST(Practice, FindsWhatIsMissingAndSaysSo) {
    auto missing = practice_missing("pins/create", json::object());
    ASSERT_EQ(missing.size(), 2u);
    EXPECT_EQ(missing[0], "board_id");
    EXPECT_EQ(missing[1], "media_source");
    EXPECT_EQ(practice_verdict(missing), "the schema allows it; Pinterest also requires board_id and media_source");
    EXPECT_EQ(practice_missing("pins/create", json{{"board_id", "1"}, {"media_source", nullptr}}),
              std::vector<std::string>{"media_source"});
    EXPECT_TRUE(practice_missing("pins/create", json{{"board_id", "1"}, {"media_source", json::object()}}).empty());
    EXPECT_TRUE(practice_missing("boards/list", json::object()).empty());
    EXPECT_TRUE(practice_missing("pins/create", json::array()).empty());
    EXPECT_EQ(practice_verdict({}), "");
    EXPECT_EQ(practice_verdict({"a", "b", "c"}), "the schema allows it; Pinterest also requires a, b and c");
    EXPECT_EQ(practice_message("pins/create", "board_id"), "Invalid parameters. 'board_id' is required.");
    EXPECT_EQ(practice_message("pins/create", "title"), "");
}
