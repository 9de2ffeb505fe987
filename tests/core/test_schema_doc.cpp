// test_schema_doc.cpp — core/schema_doc.h against the real catalogue: the tree goes to any depth, stops at
// cycles and at its budget, merges allOf, shows oneOf as variants with their discriminator tags and every
// constraint; the skeleton fills a chosen variant, takes ids given to it and lists its placeholders.
#include <gtest/gtest.h>

#include <functional>

#include "core/schema.h"
#include "core/schema_doc.h"
#include "test_catalogue.h"

using namespace pinlab;

namespace {

const Catalogue& cat() { return *spec_fixture::test_catalogue(); }
const json& body_schema(const char* op) { return (*cat().operation(op))["body"]["schema"]; }

const json* prop(const json& node, const std::string& name) {
    if (!node.contains("properties")) return nullptr;
    for (const json& p : node["properties"])
        if (p["name"] == name) return &p;
    return nullptr;
}

int depth_of(const json& n) {
    int d = 0;
    if (n.contains("properties"))
        for (const json& p : n["properties"]) d = std::max(d, 1 + depth_of(p));
    if (n.contains("items")) d = std::max(d, 1 + depth_of(n["items"]));
    if (n.contains("variants"))
        for (const json& o : n["variants"]["options"]) d = std::max(d, 1 + depth_of(o));
    return d;
}

size_t count_nodes(const json& n) {
    size_t c = 1;
    if (n.contains("properties"))
        for (const json& p : n["properties"]) c += count_nodes(p);
    if (n.contains("items")) c += count_nodes(n["items"]);
    if (n.contains("additional")) c += count_nodes(n["additional"]);
    if (n.contains("variants"))
        for (const json& o : n["variants"]["options"]) c += count_nodes(o);
    return c;
}

}  // namespace

TEST(SchemaDoc, PinCreateShowsMediaSourceVariantsWithTagsAndConstraints) {
    json t = schema_tree(cat(), body_schema("pins/create"), "body");
    EXPECT_EQ(t["ref"], "PinCreate");
    EXPECT_EQ(t["type"], "object");
    const json* title = prop(t, "title");
    ASSERT_TRUE(title);
    EXPECT_EQ((*title)["constraints"]["maxLength"], 100);
    EXPECT_EQ((*title)["constraints"]["nullable"], true);
    const json* board = prop(t, "board_id");
    ASSERT_TRUE(board);
    EXPECT_EQ((*board)["constraints"]["pattern"], "^\\d+$");
    EXPECT_EQ((*board)["path"], "/board_id");
    const json* ms = prop(t, "media_source");
    ASSERT_TRUE(ms);
    EXPECT_EQ((*ms)["ref"], "PinMediaSource");
    ASSERT_TRUE(ms->contains("variants"));
    const json& v = (*ms)["variants"];
    EXPECT_EQ(v["kind"], "oneOf");
    EXPECT_EQ(v["discriminator"], "source_type");
    ASSERT_EQ(v["options"].size(), 6u);
    std::vector<std::string> tags;
    for (const json& o : v["options"]) tags.push_back(o.value("tag", ""));
    EXPECT_NE(std::find(tags.begin(), tags.end(), "image_url"), tags.end());
    EXPECT_NE(std::find(tags.begin(), tags.end(), "multiple_image_urls"), tags.end());
    // Inside an option: its required fields, and an array's items one level further down.
    for (const json& o : v["options"]) {
        if (o.value("tag", "") != "multiple_image_urls") continue;
        const json* items = prop(o, "items");
        ASSERT_TRUE(items);
        EXPECT_TRUE(items->contains("constraints"));
        ASSERT_TRUE(items->contains("items"));
        EXPECT_EQ((*items)["items"]["path"], "/media_source/items/0");
        EXPECT_TRUE(prop((*items)["items"], "url"));
        EXPECT_TRUE((*prop(o, "source_type")).value("required", false));
    }
}

TEST(SchemaDoc, AllOfIsMergedAndNamed) {
    json t = schema_tree(cat(), body_schema("audiences/create"));
    ASSERT_TRUE(t.contains("all_of"));
    EXPECT_EQ(t["all_of"][0], "AudienceCommon");
    const json* name = prop(t, "name");
    const json* type = prop(t, "audience_type");
    ASSERT_TRUE(name && type);
    EXPECT_TRUE(name->value("required", false));
    EXPECT_TRUE(type->contains("enum")) << type->dump();  // through its allOf: [AudienceType]
}

TEST(SchemaDoc, ResponsesGoDeepAndEveryComponentTreeIsBoundedAndCycleFree) {
    // Every component: the tree ends (a cycle stops at the component already open), stays in its budget
    // and never repeats a component along one path.
    SchemaTreeOptions o;
    size_t cycles = 0, deepest = 0;
    for (auto it = cat().root()["schemas"].begin(); it != cat().root()["schemas"].end(); ++it) {
        json t = schema_tree(cat(), json{{"$ref", it.key()}}, it.key(), o);
        size_t n = count_nodes(t);
        EXPECT_LE(n, o.max_nodes + 64) << it.key();  // a node's own children may finish past the budget
        deepest = std::max<size_t>(deepest, depth_of(t));
        std::function<void(const json&, std::vector<std::string>)> walk = [&](const json& node, std::vector<std::string> refs) {
            if (node.contains("ref") && !node.value("cycle", false)) {
                std::string r = node["ref"];
                EXPECT_EQ(std::find(refs.begin(), refs.end(), r), refs.end()) << it.key() << " repeats " << r;
                refs.push_back(r);
            }
            if (node.value("cycle", false)) ++cycles;
            if (node.contains("properties"))
                for (const json& p : node["properties"]) walk(p, refs);
            if (node.contains("items")) walk(node["items"], refs);
            if (node.contains("variants"))
                for (const json& x : node["variants"]["options"]) walk(x, refs);
        };
        walk(t, {});
    }
    EXPECT_GE(deepest, 5u);  // nested several levels, not one
}

TEST(SchemaDoc, ACycleStopsAtTheComponentAlreadyOpen) {
    // A catalogue with a self-referencing component (the real spec has none at its top level).
    auto c = Catalogue::parse(R"({"format":1,"operations":[],"schemas":{
        "Node":{"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"Node"}}}}}})");
    ASSERT_TRUE(c);
    json t = schema_tree(*c, json{{"$ref", "Node"}});
    const json* children = prop(t, "children");
    ASSERT_TRUE(children);
    EXPECT_EQ((*children)["items"]["ref"], "Node");
    EXPECT_TRUE((*children)["items"].value("cycle", false));
    EXPECT_FALSE((*children)["items"].contains("properties"));
    Skeleton s = body_skeleton(*c, json{{"$ref", "Node"}}, {});
    EXPECT_TRUE(s.body.is_object());
}

TEST(SchemaDoc, TheBudgetTruncatesAndSaysSo) {
    SchemaTreeOptions o;
    o.max_nodes = 5;
    json t = schema_tree(cat(), body_schema("pins/create"), "", o);
    bool truncated = false;
    std::function<void(const json&)> walk = [&](const json& n) {
        truncated = truncated || n.value("truncated", false);
        if (n.contains("properties"))
            for (const json& p : n["properties"]) walk(p);
    };
    walk(t);
    EXPECT_TRUE(truncated);
    o.max_depth = 0;
    o.max_nodes = 1500;
    json shallow = schema_tree(cat(), body_schema("pins/create"), "", o);
    EXPECT_TRUE(shallow.value("truncated", false));
    EXPECT_FALSE(shallow.contains("properties"));
}

TEST(SchemaDoc, SkeletonFillsTheChosenVariantAndListsPlaceholders) {
    const json& schema = body_schema("pins/create");
    // Which option is image_url?
    json t = schema_tree(cat(), schema);
    size_t image_url = 99, multiple = 99;
    const json& opts = (*prop(t, "media_source"))["variants"]["options"];
    for (size_t i = 0; i < opts.size(); ++i) {
        if (opts[i].value("tag", "") == "image_url") image_url = i;
        if (opts[i].value("tag", "") == "multiple_image_urls") multiple = i;
    }
    ASSERT_LT(image_url, 6u);
    SkeletonRequest r;
    r.also_required = {"board_id", "media_source"};
    r.variants["/media_source"] = image_url;
    r.ids["board_id"] = "549755885175";
    Skeleton s = body_skeleton(cat(), schema, r);
    EXPECT_EQ(s.body["board_id"], "549755885175");
    EXPECT_EQ(s.body["media_source"]["source_type"], "image_url");
    EXPECT_TRUE(s.body["media_source"].contains("url"));
    EXPECT_FALSE(s.body.contains("title"));  // optional, not asked for
    // The url is made up and said to be; the board id and the tag are not.
    EXPECT_NE(std::find(s.placeholders.begin(), s.placeholders.end(), "/media_source/url"), s.placeholders.end());
    EXPECT_EQ(std::find(s.placeholders.begin(), s.placeholders.end(), "/board_id"), s.placeholders.end());
    EXPECT_EQ(std::find(s.placeholders.begin(), s.placeholders.end(), "/media_source/source_type"), s.placeholders.end());
    SchemaOptions so;
    so.request = true;
    EXPECT_TRUE(validate_schema(cat(), schema, s.body, so).empty()) << s.body.dump();

    r.variants["/media_source"] = multiple;
    Skeleton m = body_skeleton(cat(), schema, r);
    EXPECT_EQ(m.body["media_source"]["source_type"], "multiple_image_urls");
    ASSERT_TRUE(m.body["media_source"]["items"].is_array());
    EXPECT_GE(m.body["media_source"]["items"].size(), 2u);  // its minItems
    EXPECT_TRUE(validate_schema(cat(), schema, m.body, so).empty()) << m.body.dump();

    r.variants["/media_source"] = 1000;  // out of range: the last option, never a crash
    EXPECT_TRUE(body_skeleton(cat(), schema, r).body["media_source"].is_object());
}

TEST(SchemaDoc, SkeletonMarksAudiencePlaceholdersInsteadOfPassingThemOff) {
    Skeleton s = body_skeleton(cat(), body_schema("audiences/create"));
    ASSERT_TRUE(s.body.contains("name"));
    EXPECT_NE(std::find(s.placeholders.begin(), s.placeholders.end(), "/name"), s.placeholders.end());
    EXPECT_NE(s.body["name"], "string");
}

TEST(SchemaDoc, EveryRequestBodySkeletonWithDefaultsConformsOrListsPlaceholders) {
    // Every operation's body skeleton is a value of the body's type; where it does not conform, it has
    // placeholders that say what to replace.
    size_t bodies = 0;
    for (size_t i = 0; i < cat().size(); ++i) {
        const json& op = cat().operation_at(i);
        if (!op.contains("body") || !op["body"].contains("schema")) continue;
        ++bodies;
        Skeleton s = body_skeleton(cat(), op["body"]["schema"]);
        SchemaOptions so;
        so.request = true;
        auto issues = validate_schema(cat(), op["body"]["schema"], s.body, so);
        if (!issues.empty()) EXPECT_FALSE(s.placeholders.empty()) << op["id"] << ": " << describe(issues[0]) << " in " << s.body.dump();
    }
    EXPECT_GT(bodies, 50u);
}
