// test_schema.cpp — core/schema.h against the real catalogue: every mismatch is reported by JSON pointer
// (types, required, enums, lengths, ranges, patterns, formats, item counts, closed objects, oneOf with and
// without a discriminator), readOnly properties are optional in requests, and the skeleton of every
// operation's request body conforms to that body's own schema.
#include <gtest/gtest.h>


#include "core/schema.h"
#include "test_catalogue.h"

using namespace pinlab;

namespace {

const Catalogue& cat() { return *spec_fixture::test_catalogue(); }

const json& body_schema(const char* op) { return (*cat().operation(op))["body"]["schema"]; }

std::string joined(const std::vector<SchemaIssue>& issues) {
    std::string s;
    for (const auto& i : issues) s += describe(i) + "\n";
    return s;
}

bool has(const std::vector<SchemaIssue>& issues, const std::string& pointer, const std::string& word) {
    for (const auto& i : issues)
        if (i.pointer == pointer && i.message.find(word) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST(Schema, AValidBoardConforms) {
    auto issues = validate_schema(cat(), body_schema("boards/create"), json{{"name", "Trips"}, {"privacy", "SECRET"}},
                                  {true});
    EXPECT_TRUE(issues.empty()) << joined(issues);
}

TEST(Schema, NamesEveryMismatchByPointer) {
    json bad = {{"description", 5}, {"privacy", "HIDDEN"}};
    auto issues = validate_schema(cat(), body_schema("boards/create"), bad, {true});
    EXPECT_TRUE(has(issues, "/name", "missing required property 'name'")) << joined(issues);
    EXPECT_TRUE(has(issues, "/description", "expected string, got integer")) << joined(issues);
    EXPECT_TRUE(has(issues, "/privacy", "is not one of")) << joined(issues);
    EXPECT_EQ(describe(issues.front()).find("/"), 0u);
    EXPECT_EQ(describe({"", "expected object, got array"}), "(root): expected object, got array");
}

TEST(Schema, ArraysItemsLengthsAndRanges) {
    const json& s = body_schema("campaigns/create");  // array of 1..30 CampaignCreateRequest
    auto issues = validate_schema(cat(), s, json::array(), {true});
    EXPECT_TRUE(has(issues, "", "fewer than the minimum 1")) << joined(issues);
    issues = validate_schema(cat(), s, json::array({json{{"ad_account_id", "x1"}, {"name", "C"}}}), {true});
    EXPECT_TRUE(has(issues, "/0/ad_account_id", "does not match")) << joined(issues);
    issues = validate_schema(cat(), s, json{{"name", "C"}}, {true});
    EXPECT_TRUE(has(issues, "", "expected array, got object")) << joined(issues);
    // Numbers against minimum/maximum, strings against maxLength (a schema written inline).
    json inline_schema = {{"type", "object"},
                          {"properties", {{"n", {{"type", "integer"}, {"minimum", 1}, {"maximum", 250}}},
                                          {"s", {{"type", "string"}, {"maxLength", 3}}},
                                          {"d", {{"type", "string"}, {"format", "date"}}}}},
                          {"additionalProperties", false}};
    issues = validate_schema(cat(), inline_schema, json{{"n", 251}, {"s", "éééé"}, {"d", "2025-1-1"}, {"x", 1}});
    EXPECT_TRUE(has(issues, "/n", "above the maximum 250")) << joined(issues);
    EXPECT_TRUE(has(issues, "/s", "4 characters, longer than the maximum 3")) << joined(issues);
    EXPECT_TRUE(has(issues, "/d", "not a date")) << joined(issues);
    EXPECT_TRUE(has(issues, "/x", "not allowed")) << joined(issues);
    EXPECT_TRUE(validate_schema(cat(), inline_schema, json{{"n", 250}, {"s", "ééé"}, {"d", "2025-01-01"}}).empty());
    EXPECT_TRUE(validate_schema(cat(), inline_schema, json{{"n", 2.0}}).empty());  // an integral number is an integer
}

TEST(Schema, PointerTokensAreEscaped) {
    json s = {{"type", "object"}, {"additionalProperties", {{"type", "integer"}}}};
    auto issues = validate_schema(cat(), s, json{{"a/b~c", "x"}});
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_EQ(issues[0].pointer, "/a~1b~0c");
}

TEST(Schema, OneOfReportsTheClosestAlternative) {
    // pins/create's media_source is a oneOf (discriminated by source_type).
    json pin = {{"board_id", "1"}, {"media_source", {{"source_type", "image_url"}}}};
    auto issues = validate_schema(cat(), body_schema("pins/create"), pin, {true});
    EXPECT_TRUE(has(issues, "/media_source/url", "missing required property 'url'")) << joined(issues);
    pin["media_source"]["url"] = "https://example.com/a.jpg";
    issues = validate_schema(cat(), body_schema("pins/create"), pin, {true});
    EXPECT_TRUE(issues.empty()) << joined(issues);
}

TEST(Schema, ReadOnlyIsOptionalOnlyInRequests) {
    // A Pin's id is readOnly and not required; a Board's id too. Build a schema requiring a readOnly field.
    json s = {{"type", "object"}, {"required", {"id"}}, {"properties", {{"id", {{"type", "string"}, {"readOnly", true}}}}}};
    EXPECT_TRUE(validate_schema(cat(), s, json::object(), {true}).empty());
    EXPECT_FALSE(validate_schema(cat(), s, json::object(), {false}).empty());
}

TEST(Schema, StopsAtTheIssueLimit) {
    json s = {{"type", "array"}, {"items", {{"type", "string"}}}};
    SchemaOptions o;
    o.max_issues = 5;
    EXPECT_EQ(validate_schema(cat(), s, json(std::vector<int>(100, 1)), o).size(), 5u);
}

TEST(Schema, EveryRequestBodySkeletonConformsToItsSchema) {
    size_t bodies = 0;
    for (size_t i = 0; i < cat().size(); ++i) {
        const json& op = cat().operation_at(i);
        if (!op.contains("body") || op["body"]["content_type"] != "application/json") continue;
        ++bodies;
        json sk = schema_skeleton(cat(), op["body"]["schema"]);
        auto issues = validate_schema(cat(), op["body"]["schema"], sk, {true});
        EXPECT_TRUE(issues.empty()) << op["id"] << " skeleton " << json_dump(sk) << "\n" << joined(issues);
    }
    EXPECT_GE(bodies, 80u);
}
