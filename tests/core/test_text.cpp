// test_text.cpp — core/text.h: prefixes, ASCII case, digit runs, UTF-8 counting/checking/cutting,
// split/join and HTML escaping, with the hostile inputs the protocol code feeds them (NULs, high bytes,
// truncated sequences, empty pieces).
#include <gtest/gtest.h>

#include <string>

#include "core/text.h"

using namespace pinlab;
using namespace std::string_literals;

TEST(Text, PrefixesAndSuffixes) {
    EXPECT_TRUE(starts_with("/v5/pins", "/v5/"));
    EXPECT_TRUE(starts_with("abc", ""));
    EXPECT_TRUE(starts_with("abc", "abc"));
    EXPECT_FALSE(starts_with("ab", "abc"));
    EXPECT_FALSE(starts_with("/V5/pins", "/v5/"));  // case matters
    EXPECT_FALSE(starts_with("", "a"));
    EXPECT_TRUE(ends_with("image.PNG", ".PNG"));
    EXPECT_TRUE(ends_with("x", ""));
    EXPECT_FALSE(ends_with("g", "png"));
    EXPECT_FALSE(ends_with("a.png ", ".png"));
    EXPECT_TRUE(starts_with("a\0b"s, "a\0"s));  // NULs are ordinary bytes
    EXPECT_FALSE(starts_with("a\0b"s, "a\0c"s));
}

TEST(Text, AsciiCaseOnly) {
    EXPECT_EQ(ascii_lower("Content-TYPE: Application/JSON"), "content-type: application/json");
    EXPECT_EQ(ascii_lower("ÄÖÜ"), "ÄÖÜ");  // UTF-8 bytes pass through untouched
    EXPECT_EQ(ascii_lower("\xC3\x80@[`{"), "\xC3\x80@[`{");  // neighbours of A-Z stay
    EXPECT_EQ(ascii_lower(""), "");
    EXPECT_TRUE(iequals("Authorization", "aUTHORIZATION"));
    EXPECT_TRUE(iequals("", ""));
    EXPECT_FALSE(iequals("Bearer", "Bearer "));
    EXPECT_FALSE(iequals("@", "`"));   // 0x40 vs 0x60: differ by the case bit but are not letters
    EXPECT_FALSE(iequals("[", "{"));
    EXPECT_FALSE(iequals("\xC4", "\xE4"));  // Latin-1 Ä/ä are not ASCII
}

TEST(Text, DigitsAreNonEmptyAsciiWithinALimit) {
    EXPECT_TRUE(is_digits("0"));
    EXPECT_TRUE(is_digits("1089446400000000001"));
    EXPECT_TRUE(is_digits(std::string(500, '9')));  // no limit unless asked
    EXPECT_FALSE(is_digits(""));
    EXPECT_FALSE(is_digits("-1"));
    EXPECT_FALSE(is_digits("+1"));
    EXPECT_FALSE(is_digits("1 "));
    EXPECT_FALSE(is_digits("1e3"));
    EXPECT_FALSE(is_digits("１２"));  // full-width digits
    EXPECT_FALSE(is_digits("12\0"s));
    EXPECT_TRUE(is_digits("18446744073709551615", 20));  // a uint64's 20 digits
    EXPECT_FALSE(is_digits("184467440737095516150", 20));
    EXPECT_FALSE(is_digits("", 20));
}

TEST(Text, DigitsValueIsWhatStoullReads) {
    for (const char* d : {"0", "7", "0042", "250", "9999", "1089446400000000001", "9999999999999999999",
                          "18446744073709551615"})
        EXPECT_EQ(digits_value(d), std::stoull(d)) << d;
}

TEST(Text, Utf8LengthAndValidity) {
    EXPECT_EQ(utf8_length(""), 0u);
    EXPECT_EQ(utf8_length("abc"), 3u);
    EXPECT_EQ(utf8_length("héllo"), 5u);
    EXPECT_EQ(utf8_length("日本語"), 3u);
    EXPECT_EQ(utf8_length("😀"), 1u);
    EXPECT_TRUE(utf8_valid("héllo 日本語 😀"));
    EXPECT_TRUE(utf8_valid("a\0b"s));
    EXPECT_FALSE(utf8_valid("\x80"));          // continuation without a lead
    EXPECT_FALSE(utf8_valid("\xC3"));          // truncated two-byte sequence
    EXPECT_FALSE(utf8_valid("\xE6\x97"));      // truncated three-byte sequence
    EXPECT_FALSE(utf8_valid("\xF0\x9F\x98"));  // truncated four-byte sequence
    EXPECT_FALSE(utf8_valid("\xC3" "a"));      // lead followed by ASCII
    EXPECT_FALSE(utf8_valid("\xF8\x88\x80\x80\x80"));  // five-byte forms do not exist
    EXPECT_FALSE(utf8_valid("\xFF"));
}

TEST(Text, Utf8FloorNeverCutsASequence) {
    const std::string s = "a日😀";  // 1 + 3 + 4 bytes
    EXPECT_EQ(utf8_floor(s, 0), 0u);
    EXPECT_EQ(utf8_floor(s, 1), 1u);
    EXPECT_EQ(utf8_floor(s, 2), 1u);
    EXPECT_EQ(utf8_floor(s, 3), 1u);
    EXPECT_EQ(utf8_floor(s, 4), 4u);
    EXPECT_EQ(utf8_floor(s, 7), 4u);
    EXPECT_EQ(utf8_floor(s, 8), 8u);
    EXPECT_EQ(utf8_floor(s, 1000), 8u);  // clamped
    EXPECT_EQ(utf8_floor("\x80\x80\x80", 2), 0u);  // nothing but continuations: back to the start
    EXPECT_EQ(utf8_floor("", 5), 0u);
}

TEST(Text, SplitKeepsEmptyPiecesAndJoinInvertsIt) {
    using V = std::vector<std::string>;
    EXPECT_EQ(split("a,b,c", ','), (V{"a", "b", "c"}));
    EXPECT_EQ(split("a,,b", ','), (V{"a", "", "b"}));
    EXPECT_EQ(split(",", ','), (V{"", ""}));
    EXPECT_EQ(split("", ','), (V{""}));
    EXPECT_EQ(split("abc", ','), (V{"abc"}));
    EXPECT_EQ(split("/media/pins/1", '/'), (V{"", "media", "pins", "1"}));
    EXPECT_EQ(join({}, ","), "");
    EXPECT_EQ(join({"a"}, ", "), "a");
    EXPECT_EQ(join({"a", "", "b"}, ","), "a,,b");
    for (const char* s : {"", ",", "a,,b", ",x,"}) EXPECT_EQ(join(split(s, ','), ","), s) << s;
}

TEST(Text, SplitViewsPointIntoTheText) {
    const std::string text = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    auto lines = split_views(text, '\n');
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0], "GET / HTTP/1.1\r");
    EXPECT_EQ(lines[1], "Host: x\r");
    EXPECT_EQ(lines[2], "\r");
    EXPECT_EQ(lines[3], "");
    EXPECT_EQ(lines[1].data(), text.data() + 16);  // a view, not a copy
    EXPECT_EQ(split_views("", '/'), (std::vector<std::string_view>{""}));
}

TEST(Text, HtmlEscapeCoversTextAndAttributes) {
    EXPECT_EQ(html_escape(""), "");
    EXPECT_EQ(html_escape("plain text"), "plain text");
    EXPECT_EQ(html_escape("<script>alert('x' & \"y\")</script>"),
              "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;");
    EXPECT_EQ(html_escape("&amp;"), "&amp;amp;");  // escaping twice is visible, never undone
    EXPECT_EQ(html_escape("日本 😀"), "日本 😀");
    const std::string once = html_escape("\"><img src=x onerror=alert(1)>");
    EXPECT_EQ(once.find_first_of("<>\"'"), std::string::npos);
}
