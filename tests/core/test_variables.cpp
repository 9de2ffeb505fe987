// test_variables.cpp — core/variables.h: {{name}} in a parameter is the value as it is, in a body the value
// escaped for where it stands (inside a JSON string or as a JSON value), unknown names are kept and
// reported, values come from an answer by JSON pointer, and the stored form is bounded.
#include <gtest/gtest.h>

#include "core/variables.h"

using namespace pinlab;

TEST(Variables, ParametersTakeTheValueAsItIs) {
    Variables v{{"board_id", "549755885175"}, {"q", "a&b c"}};
    auto s = substitute_param("{{board_id}}", v);
    EXPECT_EQ(s.text, "549755885175");
    EXPECT_TRUE(s.missing.empty());
    EXPECT_EQ(substitute_param("x-{{q}}-{{q}}", v).text, "x-a&b c-a&b c");  // the URL builder encodes it
    auto m = substitute_param("{{nope}} and {{board_id}} and {{nope}}", v);
    EXPECT_EQ(m.text, "{{nope}} and 549755885175 and {{nope}}");
    EXPECT_EQ(m.missing, std::vector<std::string>{"nope"});
    // Not references: a bad name, an unclosed brace, single braces.
    EXPECT_EQ(substitute_param("{{a b}} {{x {q}", v).text, "{{a b}} {{x {q}");
}

TEST(Variables, BodiesEscapeForWhereTheReferenceStands) {
    Variables v{{"id", "123"}, {"title", "say \"hi\"\nnow"}, {"n", "5"}, {"flag", "true"}, {"word", "plain"}};
    // Inside a string: escaped, no quotes added.
    EXPECT_EQ(substitute_body(R"({"board_id":"{{id}}","title":"{{title}}!"})", v).text,
              R"({"board_id":"123","title":"say \"hi\"\nnow!"})");
    // Outside a string: numbers and literals as themselves, anything else as a JSON string.
    EXPECT_EQ(substitute_body(R"({"a":{{n}},"b":{{flag}},"c":{{word}},"d":{{title}}})", v).text,
              R"({"a":5,"b":true,"c":"plain","d":"say \"hi\"\nnow"})");
    // An escaped quote does not end the string.
    EXPECT_EQ(substitute_body(R"({"t":"a\"{{word}}"})", v).text, R"({"t":"a\"plain"})");
    auto m = substitute_body(R"({"a":"{{missing}}"})", v);
    EXPECT_EQ(m.text, R"({"a":"{{missing}}"})");
    EXPECT_EQ(m.missing, std::vector<std::string>{"missing"});
    EXPECT_EQ(variable_references("{{a}} {{b}} {{a}} {{not valid}}"), (std::vector<std::string>{"a", "b"}));
}

TEST(Variables, ValuesComeFromAnAnswerByPointer) {
    json doc = json::parse(R"({"items":[{"id":"111","n":3},{"id":"222","owner":{"a/b":"x"}}],"bookmark":null})");
    EXPECT_EQ(variable_from_answer(doc, "/items/1/id"), "222");
    EXPECT_EQ(variable_from_answer(doc, "/items/0/n"), "3");
    EXPECT_EQ(variable_from_answer(doc, "/items/1/owner/a~1b"), "x");
    EXPECT_EQ(variable_from_answer(doc, "/bookmark"), "null");
    EXPECT_EQ(variable_from_answer(doc, "/items/1/owner"), R"({"a/b":"x"})");
    EXPECT_FALSE(variable_from_answer(doc, "/items/2/id"));
    EXPECT_FALSE(variable_from_answer(doc, "/items/x"));
    EXPECT_FALSE(variable_from_answer(doc, "/nothing"));
    EXPECT_FALSE(variable_from_answer(doc, "items"));
    EXPECT_EQ(variable_from_answer(doc, ""), doc.dump());
    json big = {{"s", std::string(kMaxVariableValue + 1, 'x')}};
    EXPECT_FALSE(variable_from_answer(big, "/s"));
}

TEST(Variables, TheSetIsBoundedAndStoredOnlyValid) {
    Variables v;
    EXPECT_TRUE(set_variable(v, "board_id", "1"));
    EXPECT_FALSE(set_variable(v, "bad name", "1"));
    EXPECT_FALSE(set_variable(v, "", "1"));
    EXPECT_FALSE(set_variable(v, std::string(65, 'a'), "1"));
    EXPECT_FALSE(set_variable(v, "big", std::string(kMaxVariableValue + 1, 'x')));
    for (size_t i = 0; i < kMaxVariables + 10; ++i) set_variable(v, "v" + std::to_string(i), "x");
    EXPECT_EQ(v.size(), kMaxVariables);
    EXPECT_TRUE(set_variable(v, "board_id", "2"));  // replacing is always possible
    json stored = variables_to_json(v);
    EXPECT_EQ(variables_from_json(stored), v);
    Variables back = variables_from_json(json{{"ok", "1"}, {"bad name", "2"}, {"num", 3}});
    EXPECT_EQ(back, (Variables{{"ok", "1"}}));
    EXPECT_TRUE(variables_from_json(json::array()).empty());
}

TEST(Variables, APointerIsAlsoWrittenAsJsonPath) {
    json doc = json::parse(R"({"items":[{"id":"111"},{"owner":{"a/b":"x","it's":1,"_ok2":2,"2x":3}}]})");
    const std::pair<const char*, const char*> cases[] = {
        {"/items/0/id", "$.items[0].id"},
        {"/items/1/owner/a~1b", "$.items[1].owner['a/b']"},
        {"/items/1/owner/it's", "$.items[1].owner['it\\'s']"},
        {"/items/1/owner/_ok2", "$.items[1].owner._ok2"},
        {"/items/1/owner/2x", "$.items[1].owner['2x']"},
        {"", "$"},
    };
    for (const auto& [pointer, expected] : cases) {
        std::string path;
        ASSERT_NE(resolve_pointer(doc, pointer, &path), nullptr) << pointer;
        EXPECT_EQ(path, expected) << pointer;
    }
    std::string path;
    EXPECT_EQ(resolve_pointer(doc, "/items/5", &path), nullptr);
}
