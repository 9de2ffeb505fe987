// test_json_reader.cpp — the JSON reader behind decode_json (core/json_reader.h): the document it
// builds, strings and numbers, and that it accepts and rejects exactly what nlohmann's parser does
// (apart from the documented differences: the depth limit, text after a NUL byte, first-wins names).
#include <gtest/gtest.h>

#include <string>

#include "core/json_reader.h"

using namespace pinlab;

namespace {

std::string keys_of(const JVal& obj) {
    std::string s;
    for (auto it = obj.begin(); it != obj.end(); ++it) s += std::string(it.key()) + ",";
    return s;
}

}  // namespace

TEST(JsonReader, BuildsADocumentOfEveryType) {
    JDoc doc;
    ASSERT_TRUE(doc.parse(R"( {"s": "text", "i": -42, "f": 2.5, "t": true, "n": null, "e": [],
                               "a": [1, [2, {}], {"k": "v"}, 3], "o": {"x": {"y": false}}, "last": 0} )"))
        << doc.error();
    const JVal& r = doc.root();
    ASSERT_TRUE(r.is_object());
    EXPECT_EQ(r.size(), 9u);
    EXPECT_EQ(keys_of(r), "s,i,f,t,n,e,a,o,last,");
    EXPECT_EQ(r.find("s")->get_string(), "text");
    EXPECT_EQ(r.find("i")->get_int64(), -42);
    EXPECT_TRUE(r.find("i")->is_number_integer());
    EXPECT_DOUBLE_EQ(r.find("f")->get_double(), 2.5);
    EXPECT_TRUE(r.find("f")->is_number_float());
    EXPECT_TRUE(r.find("t")->is_boolean() && r.find("t")->get_bool());
    EXPECT_TRUE(r.find("n")->is_null());
    EXPECT_TRUE(r.find("e")->is_array());
    EXPECT_EQ(r.find("e")->size(), 0u);
    EXPECT_EQ(r.find("e")->begin(), r.find("e")->end());
    EXPECT_EQ(r.find("missing"), nullptr);
    EXPECT_EQ(r.find("s")->find("s"), nullptr);  // lookup in a non-object is "absent", not a crash
    // Iteration skips whole subtrees: the array's 4 elements, not its 7 nodes.
    const JVal& a = *r.find("a");
    std::string seen;
    for (const JVal& e : a) seen += e.is_array() ? "A" : e.is_object() ? "O" : std::to_string(e.get_int64());
    EXPECT_EQ(seen, "1AO3");
    EXPECT_EQ(r.find("o")->find("x")->find("y")->get_bool(), false);
    EXPECT_EQ(r.find("last")->get_int64(), 0);
    // The copy as nlohmann json is what nlohmann's own parser gives.
    auto ref = nlohmann_parse(R"({"s": "text", "i": -42, "f": 2.5, "t": true, "n": null, "e": [],
                              "a": [1, [2, {}], {"k": "v"}, 3], "o": {"x": {"y": false}}, "last": 0})");
    EXPECT_EQ(r.to_nlohmann(), *ref);
}

TEST(JsonReader, DecodesEscapesAndKeepsUtf8) {
    JDoc doc;
    ASSERT_TRUE(doc.parse(R"(["plain", "q\"b\\s\/ \b\f\n\r\t", "\u00e9\u20ac", "\ud83d\ude00", "caf\u00e9 au lait",
                              "déjà vu 😀", "\u0000"])"))
        << doc.error();
    std::vector<std::string> v;
    for (const JVal& e : doc.root()) v.emplace_back(e.get_string());
    ASSERT_EQ(v.size(), 7u);
    EXPECT_EQ(v[0], "plain");
    EXPECT_EQ(v[1], "q\"b\\s/ \b\f\n\r\t");
    EXPECT_EQ(v[2], "\xC3\xA9\xE2\x82\xAC");
    EXPECT_EQ(v[3], "\xF0\x9F\x98\x80");
    EXPECT_EQ(v[4], "caf\xC3\xA9 au lait");
    EXPECT_EQ(v[5], "déjà vu 😀");
    EXPECT_EQ(v[6], std::string(1, '\0'));
    // Escaped member names are found by their decoded text.
    ASSERT_TRUE(doc.parse(R"({"a\u0062c": 1, "x\ny": 2})"));
    EXPECT_EQ(doc.root().find("abc")->get_int64(), 1);
    EXPECT_EQ(doc.root().find("x\ny")->get_int64(), 2);
}

TEST(JsonReader, NumbersKeepTheirKind) {
    JDoc doc;
    ASSERT_TRUE(doc.parse("[0, -0, 9223372036854775807, -9223372036854775808, 9223372036854775808, "
                          "18446744073709551615, 18446744073709551616, -9223372036854775809, 1.5, 1e2, 1E-400]"))
        << doc.error();
    std::vector<const JVal*> n;
    for (const JVal& e : doc.root()) n.push_back(&e);
    ASSERT_EQ(n.size(), 11u);
    EXPECT_EQ(n[0]->type(), JVal::Type::Integer);
    EXPECT_EQ(n[1]->get_int64(), 0);
    EXPECT_EQ(n[2]->get_int64(), INT64_MAX);
    EXPECT_EQ(n[3]->get_int64(), INT64_MIN);
    EXPECT_EQ(n[4]->type(), JVal::Type::Unsigned);
    EXPECT_EQ(n[4]->get_uint64(), 9223372036854775808ull);
    EXPECT_EQ(n[5]->get_uint64(), UINT64_MAX);
    EXPECT_TRUE(n[6]->is_number_float());  // beyond 64 bits: a double, as nlohmann reads it
    EXPECT_DOUBLE_EQ(n[6]->get_double(), 18446744073709551616.0);
    EXPECT_TRUE(n[7]->is_number_float());
    EXPECT_DOUBLE_EQ(n[8]->get_double(), 1.5);
    EXPECT_TRUE(n[9]->is_number_float());
    EXPECT_DOUBLE_EQ(n[9]->get_double(), 100.0);
    EXPECT_DOUBLE_EQ(n[10]->get_double(), 0.0);  // underflow is zero; overflow is an error (below)
    EXPECT_EQ(doc.root().to_nlohmann(), *nlohmann_parse("[0, -0, 9223372036854775807, -9223372036854775808, "
                                                    "9223372036854775808, 18446744073709551615, 18446744073709551616, "
                                                    "-9223372036854775809, 1.5, 1e2, 1E-400]"));
}

// Every input here is judged the same way by nlohmann's parser (nlohmann_parse) and by JDoc.
TEST(JsonReader, AcceptsAndRejectsWhatNlohmannDoes) {
    const std::string cases[] = {
        // valid
        "0", "-1", "1.25e+3", "\"\"", "[]", "{}", " \t\r\n[ 1 , {\"a\" : [ ] } ]\n ", "\xEF\xBB\xBF{\"bom\":1}",
        "1E-400", "\"\\u0000\"", "\"\xF4\x8F\xBF\xBF\"", "\"\xE0\xA0\x80\"", "[[[[[]]]]]", "null", "true",
        // invalid
        "", " ", "{", "[", "]", "[1,]", "{\"a\":1,}", "{,}", "[,1]", "01", "-", "-01", "1.", "1e", "1e+", ".5", "+1",
        "1e400", "-1e400", "NaN", "Infinity", "0x10", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\ud800\"",
        "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\ud800x\"", "\"\xFF\"", "\"\xC0\xAF\"", "\"\xC2\"", "\"\xED\xA0\x80\"",
        "\"\xF4\x90\x80\x80\"", "\"\xF0\x80\x80\x80\"", "\"a\nb\"", std::string("\"a\0b\"", 5), "{} x", "nul",
        "tru", "true false", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{1:2}", "{'a':1}", "/* c */ 1", "[1]//",
        "\"abc", "\"abc\\", "\"\\u00e9", "{\"a\":\"b\"", "\xEF\xBB", std::string("\0", 1), "[\"\xE2\x82\"]",
    };
    for (const std::string& c : cases) {
        JDoc doc;
        bool ours = doc.parse(c);
        auto theirs = nlohmann_parse(c);
        EXPECT_EQ(ours, theirs.has_value()) << "input: " << c << " — ours: " << (ours ? "ok" : doc.error());
        if (ours && theirs) {
            EXPECT_EQ(doc.root().to_nlohmann(), *theirs) << "input: " << c;
        }
        if (!ours) {
            EXPECT_FALSE(doc.error().empty());
        }
    }
}

TEST(JsonReader, EveryTruncationIsAnErrorNotACrash) {
    const std::string full =
        R"({"items":[{"id":"1","t":"caf\u00e9 \ud83d\ude00 ü","n":-12.5e3,"b":[true,false,null]}],"k":{}})";
    JDoc doc;
    ASSERT_TRUE(doc.parse(full)) << doc.error();
    for (size_t n = 0; n < full.size(); ++n) {
        std::string cut = full.substr(0, n);  // its own allocation, so ASan sees a read past the end
        EXPECT_FALSE(doc.parse(cut)) << "prefix of " << n << " bytes";
    }
}

TEST(JsonReader, NestingIsLimited) {
    JDoc doc;
    std::string ok = std::string(JDoc::kMaxDepth, '[') + std::string(JDoc::kMaxDepth, ']');
    EXPECT_TRUE(doc.parse(ok)) << doc.error();
    std::string deep = std::string(JDoc::kMaxDepth + 1, '[') + std::string(JDoc::kMaxDepth + 1, ']');
    EXPECT_FALSE(doc.parse(deep));  // nlohmann would accept this one: the documented difference
    EXPECT_NE(doc.error().find("nesting too deep"), std::string::npos);
    EXPECT_FALSE(doc.parse(std::string(1000000, '[')));
    std::string objs;
    for (int i = 0; i < 100000; ++i) objs += "{\"a\":";
    EXPECT_FALSE(doc.parse(objs));
}

TEST(JsonReader, TextAfterANulByteIsAnError) {
    const std::string body("{\"id\":\"1\"}\0{\"id\":\"2\"}", 21);
    JDoc doc;
    EXPECT_FALSE(doc.parse(body));  // nlohmann stops at the NUL and accepts: the documented difference
    EXPECT_EQ(doc.error(), "byte 10: unexpected text after the JSON value");
    EXPECT_TRUE(nlohmann_parse(body).has_value());
    EXPECT_FALSE(json_parse(body).has_value());  // the project's parser is the reader
}

TEST(JsonReader, DuplicateNamesFirstWins) {
    JDoc doc;
    ASSERT_TRUE(doc.parse(R"({"a": 1, "b": 2, "a": 3})"));
    EXPECT_EQ(doc.root().find("a")->get_int64(), 1);
    EXPECT_EQ(doc.root().size(), 3u);  // both are kept; readers see the first
    EXPECT_EQ(doc.root().to_nlohmann(), json({{"a", 1}, {"b", 2}}));
}

TEST(JsonReader, ErrorsSayWhatAndWhere) {
    JDoc doc;
    EXPECT_FALSE(doc.parse(R"({"a": tru})"));
    EXPECT_EQ(doc.error(), "byte 6: invalid literal");
    EXPECT_FALSE(doc.parse(R"(["ok", "bad \q"])"));
    EXPECT_EQ(doc.error(), "byte 12: invalid escape");
    EXPECT_FALSE(doc.parse("[1, 2"));
    EXPECT_EQ(doc.error(), "byte 5: unexpected end of input");
    EXPECT_FALSE(doc.parse("{\"a\": \"\xFF\"}"));
    EXPECT_EQ(doc.error(), "byte 7: invalid UTF-8 in string");
    EXPECT_FALSE(doc.parse("[1e999]"));
    EXPECT_EQ(doc.error(), "byte 1: number out of range");
    // A document can be reused after an error.
    ASSERT_TRUE(doc.parse("[7]"));
    EXPECT_EQ(doc.root().begin()->get_int64(), 7);
}

TEST(JsonReader, LongNumbersAndStringsAreFine) {
    JDoc doc;
    std::string num = "0." + std::string(5000, '1');
    ASSERT_TRUE(doc.parse("[" + num + "]")) << doc.error();
    EXPECT_NEAR(doc.root().begin()->get_double(), 0.1111111, 1e-6);
    std::string s(100000, 'x');
    std::string esc;
    for (int i = 0; i < 20000; ++i) esc += "\\u00e9";
    ASSERT_TRUE(doc.parse("[\"" + s + "\", \"" + esc + "\"]")) << doc.error();
    auto it = doc.root().begin();
    EXPECT_EQ(it->get_string().size(), s.size());
    ++it;
    EXPECT_EQ(it->get_string().size(), 40000u);  // each é is 2 bytes of UTF-8
}
