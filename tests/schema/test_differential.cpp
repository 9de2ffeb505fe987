// test_differential.cpp — core/schema against the reference validator (Ajv + ajv-formats, tests/schema/ajv.h).
// For every request, parameter and response schema of the catalogue: instances the emulator's generator makes
// and systematic mutations of them (a property dropped, a wrong type, a value outside its enum, a broken
// pattern or format, a bound crossed, an extra property, null); for every oneOf of the components: each
// alternative's instance alone, and two alternatives' instances merged. Pinlab's verdict must equal Ajv's on
// every case.
#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "core/pattern.h"
#include "core/schema.h"
#include "emulator/generate.h"
#include "schema/ajv.h"
#include "test_catalogue.h"

namespace pinlab {
namespace {

constexpr int64_t kEpoch = 1767225600;  // 2026-01-01: the generator's "now"
constexpr size_t kMutatedNodes = 10;    // nodes of one instance that get mutations

// JSON pointers of every node of `v` (bounded), in document order.
void nodes(const json& v, const std::string& ptr, std::vector<std::string>& out) {
    if (out.size() >= 400) return;
    out.push_back(ptr);
    if (v.is_object())
        for (auto it = v.begin(); it != v.end(); ++it) nodes(it.value(), ptr + "/" + pointer_token(it.key()), out);
    if (v.is_array())
        for (size_t i = 0; i < v.size() && i < 3; ++i) nodes(v[i], ptr + "/" + std::to_string(i), out);
}

// The replacements tried at one node, by its type.
std::vector<json> replacements(const json& n) {
    std::vector<json> out = {nullptr};
    if (n.is_string())
        out.insert(out.end(), {json(12345), json(""), json("NOT_AN_ENUM_VALUE!"), json("12a"), json("2020-02-30"),
                               json("2020-01-01T20:10:40"), json(std::string(300, 'x'))});
    if (n.is_number())
        out.insert(out.end(), {json("7"), json(1.5), json(-1e9), json(3e9), json(0)});
    if (n.is_boolean()) out.push_back(json("true"));
    if (n.is_null()) out.push_back(json(0));
    if (n.is_array()) {
        out.insert(out.end(), {json::object(), json::array()});
        if (!n.empty()) {
            json dup = n;
            dup.push_back(n[0]);
            out.push_back(dup);
        }
    }
    if (n.is_object()) {
        out.push_back(json::array());
        json extra = n;
        extra["zz_not_in_the_schema"] = 1;
        out.push_back(extra);
        size_t k = 0;
        for (auto it = n.begin(); it != n.end() && k < 4; ++it, ++k) {  // drop a property (required or not)
            json fewer = n;
            fewer.erase(it.key());
            out.push_back(fewer);
        }
    }
    return out;
}

struct Cases {
    json list = json::array();
    std::set<std::string> seen;
    void add(const json& schema, const json& value) {
        std::string key = json_dump(schema) + "\n" + json_dump(value);
        if (seen.insert(key).second) list.push_back(json{{"schema", schema}, {"value", value}});
    }
};

void instance_and_mutations(const Catalogue& cat, const json& schema, uint64_t key, Cases& cases) {
    emu::Generator gen{cat, 7, kEpoch};
    json v = gen.value(schema, key);
    cases.add(schema, v);
    std::vector<std::string> ptrs;
    nodes(v, "", ptrs);
    size_t stride = std::max<size_t>(1, ptrs.size() / kMutatedNodes);
    for (size_t i = 0; i < ptrs.size(); i += stride) {
        json::json_pointer at(ptrs[i]);
        for (const json& r : replacements(v.at(at))) {
            json m = v;
            m.at(at) = r;
            cases.add(schema, m);
        }
    }
}

TEST(SchemaDifferential, PinlabsVerdictEqualsAjvsOnEverySchemaOfTheCatalogue) {
    auto cat_ptr = spec_fixture::test_catalogue();
    ASSERT_TRUE(cat_ptr);
    const Catalogue& cat = *cat_ptr;
    Cases cases;
    std::set<std::string> schemas;
    auto schema_cases = [&](const json* s) {
        if (!s || !schemas.insert(json_dump(*s)).second) return;
        instance_and_mutations(cat, *s, schemas.size(), cases);
    };
    for (size_t i = 0; i < cat.size(); ++i) {
        const json& op = cat.operation_at(i);
        if (const json* b = json_field(op, "body")) schema_cases(json_field(*b, "schema"));
        if (const json* ps = json_field(op, "params"))
            for (const json& p : *ps) schema_cases(json_field(p, "schema"));
        if (const json* rs = json_field(op, "responses"))
            for (const json& r : *rs) schema_cases(json_field(r, "schema"));
    }
    // oneOf: each alternative alone, and two merged (an instance that may match both).
    size_t one_of = 0;
    for (auto it = cat.root()["schemas"].begin(); it != cat.root()["schemas"].end(); ++it) {
        const json* alts = json_field(it.value(), "oneOf");
        if (!alts || !alts->is_array()) continue;
        ++one_of;
        json whole = {{"$ref", it.key()}};
        std::vector<json> values;
        for (const json& alt : *alts) {
            emu::Generator gen{cat, 11, kEpoch};
            values.push_back(gen.value(alt, values.size() + 1));
            cases.add(whole, values.back());
        }
        for (size_t a = 0; a + 1 < values.size(); ++a)
            if (values[a].is_object() && values[a + 1].is_object()) {
                json both = values[a];
                both.update(values[a + 1]);
                cases.add(whole, both);
            }
        instance_and_mutations(cat, whole, 99, cases);
    }

    std::string error;
    auto verdicts = test::ajv_verdicts(cases.list, error);
    ASSERT_EQ(verdicts.size(), cases.list.size()) << error;
    size_t differ = 0, valid = 0;
    for (size_t i = 0; i < verdicts.size(); ++i) {
        const json& c = cases.list[i];
        SchemaOptions o;
        o.max_issues = 1;
        auto issues = validate_schema(cat, c["schema"], c["value"], o);
        valid += verdicts[i].valid;
        if (issues.empty() == verdicts[i].valid) continue;
        if (++differ <= 25)
            ADD_FAILURE() << "Pinlab says " << (issues.empty() ? "valid" : describe(issues[0])) << "; Ajv says "
                          << (verdicts[i].valid ? "valid" : verdicts[i].error) << "\n  schema "
                          << json_dump(c["schema"]).substr(0, 300) << "\n  value " << json_dump(c["value"]).substr(0, 300);
    }
    std::printf("schema differential: %zu cases from %zu schemas and %zu oneOf components; Ajv: %zu valid, %zu "
                "invalid; verdicts that differ: %zu\n",
                verdicts.size(), schemas.size(), one_of, valid, verdicts.size() - valid, differ);
    EXPECT_EQ(differ, 0u);
    // The cases exercise both verdicts, in numbers (a generator or mutation that broke would show here).
    EXPECT_GT(valid, 300u);
    EXPECT_GT(verdicts.size() - valid, 3000u);
}

// The patterns the spec writes, matched as ECMAScript does (a few by hand, beside the differential).
TEST(SchemaPatterns, TheSpecsPatternsMatchAsEcmaScriptDoes) {
    auto m = [](const char* p, const char* v) {
        auto pat = cached_pattern(p);
        EXPECT_TRUE(pat) << p;
        return pat && pat->search(v) == Pattern::Match::Yes;
    };
    EXPECT_TRUE(m("(?!^\\d+$)^.+$", "12a"));
    EXPECT_FALSE(m("(?!^\\d+$)^.+$", "123"));
    EXPECT_TRUE(m("^(0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]$", "23:59"));
    EXPECT_FALSE(m("^(0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]$", "24:00"));
    EXPECT_TRUE(m("^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2}).(\\d{3})Z$", "2020-01-01T20:10:40.000Z"));
    EXPECT_FALSE(m("^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2}).(\\d{3})Z$", "2020-01-01T20:10:40"));
    EXPECT_TRUE(m("^(http|https|ftp|sftp)://", "sftp://x"));
    EXPECT_TRUE(m("[a-zA-Z0-9+\\/=]+", "!!ab!!"));  // not anchored: found anywhere
    EXPECT_FALSE(m("^[a-z0-9]*$", "abC"));
    EXPECT_TRUE(m("^((AG)|C)?\\d+$", "AG12"));
    EXPECT_FALSE(m("^((AG)|C)?\\d+$", "ACG12"));
    // Bounded on hostile input: a megabyte of digits is matched in a loop, not a recursion per character.
    std::string big(1 << 20, '7');
    EXPECT_EQ(cached_pattern("^\\d+$")->search(big), Pattern::Match::Yes);
    EXPECT_EQ(cached_pattern("^\\d+$")->search(big + "x"), Pattern::Match::No);
    EXPECT_FALSE(Pattern::compile("(a"));
    EXPECT_FALSE(Pattern::compile("\\1"));
}

}  // namespace
}  // namespace pinlab
