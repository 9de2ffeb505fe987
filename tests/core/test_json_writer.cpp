// test_json_writer.cpp — core/json_writer.h against nlohmann's dump (json_dump) as the reference: the same bytes
// for hostile strings (control characters, quotes, backslashes, every kind of UTF-8 and of broken UTF-8, long
// text), for random byte strings, and for the numbers; and core/dates.h's text against what printf wrote.
#include <gtest/gtest.h>

#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/json.h"
#include "core/json_writer.h"

using namespace pinlab;

namespace {

std::string written(std::string_view s) {
    std::string out = "prefix:";  // appends, never replaces
    json_put_string(out, s);
    EXPECT_EQ(out.substr(0, 7), "prefix:");
    return out.substr(7);
}

std::string reference(std::string_view s) { return json_dump(json(std::string(s))); }

}  // namespace

TEST(JsonWriter, HostileStringsAreWhatNlohmannWrites) {
    std::vector<std::string> cases = {
        "",
        "plain ascii",
        "quote \" backslash \\ slash / done",
        "\b\f\n\r\t",
        std::string("\0 nul inside", 12),
        "\x01\x02\x1f\x7f",
        "\x1b[31m escape sequence",
        "</script><!-- & ' <>",
        "東京 ☕🍣 مرحبا",
        "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x8c \xf4\x8f\xbf\xbf",  // é € 📌 U+10FFFF
        "\xef\xbb\xbf BOM and \xe2\x80\xa8 line separator \xe2\x80\xa9",
        "\xff",                        // never valid
        "\x80 lone continuation",
        "\xc3",                        // cut at the end
        "\xe6\x9d",                    // cut at the end, two of three
        "\xf0\x9f\x8d",                // three of four
        "\xc0\xaf overlong slash",
        "\xe0\x80\xaf overlong",
        "\xed\xa0\x80 surrogate",
        "\xf4\x90\x80\x80 above U+10FFFF",
        "\xf5\x80\x80\x80",
        "\xc3\x28 bad second byte",
        "\xe2\x28\xa1",
        "\xe2\x82\x28",
        "\xf0\x28\x8c\xbc",
        "\xf0\x90\x28\xbc",
        "\xf0\x90\x8c\x28",
        "mixed \xff\"\\\n\xc3\xa9\xc3",
        std::string(100000, 'x'),
    };
    std::string long_mix;
    for (int i = 0; i < 3000; ++i) long_mix += "東京\"\\\x01 ☕\xff🍣\n";
    cases.push_back(long_mix);
    for (int b = 0; b < 256; ++b) cases.push_back(std::string(1, static_cast<char>(b)));
    for (const auto& s : cases) EXPECT_EQ(written(s), reference(s)) << "input of " << s.size() << " bytes";
}

TEST(JsonWriter, RandomBytesAreWhatNlohmannWrites) {
    // Bytes drawn mostly from the ones that matter (ASCII specials, lead and continuation bytes, the edges of
    // Table 3-7's ranges), so broken and valid sequences of every length meet each other.
    const unsigned char interesting[] = {0x00, 0x08, 0x09, 0x0a, 0x1f, 0x20, '"', '\\', '/', 'a', 0x7f,
                                         0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0,
                                         0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff};
    std::mt19937 rng(1234);
    for (int round = 0; round < 20000; ++round) {
        std::string s;
        const size_t len = rng() % 24;
        for (size_t i = 0; i < len; ++i)
            s += static_cast<char>(rng() % 3 ? interesting[rng() % sizeof interesting] : rng() % 256);
        ASSERT_EQ(written(s), reference(s)) << "round " << round;
    }
}

TEST(JsonWriter, OptionalStringsAndIntegers) {
    std::string out;
    json_put_opt(out, std::nullopt);
    out += ',';
    json_put_opt(out, std::string("a\"b"));
    EXPECT_EQ(out, "null,\"a\\\"b\"");
    for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{9}, int64_t{10}, int64_t{-10}, int64_t{2592000},
                      int64_t{1750000000}, std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()}) {
        std::string text;
        json_put_int(text, v);
        EXPECT_EQ(text, json_dump(json(v))) << v;
    }
}

TEST(JsonWriter, WholeDoublesAreWhatNlohmannWrites) {
    std::vector<int64_t> values = {0, 1, -1, 7, 5000, 59999, 86400000, -86400000, 999999999999999, -999999999999999};
    std::mt19937_64 rng(99);
    for (int i = 0; i < 2000; ++i) values.push_back(static_cast<int64_t>(rng() % 1000000000000000ull) * (i % 2 ? 1 : -1));
    for (int64_t v : values) {
        std::string text;
        json_put_whole_double(text, v);
        ASSERT_EQ(text, json_dump(json(static_cast<double>(v)))) << v;
    }
}

// days_to_ymd and format_datetime no longer use printf; their text is what printf's "%04d-%02u-%02u" and
// "%sT%02d:%02d:%02d" wrote, for any day a timestamp or an analytics range can name, and far beyond.
TEST(DatesText, IsWhatPrintfWrote) {
    auto ymd_printf = [](int64_t day) {
        // civil_from_days, as dates.cpp had it before printf was dropped
        int64_t z = day + 719468;
        const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
        const unsigned doe = static_cast<unsigned>(z - era * 146097);
        const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        int64_t y = static_cast<int64_t>(yoe) + era * 400;
        const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        const unsigned mp = (5 * doy + 2) / 153;
        const unsigned d = doy - (153 * mp + 2) / 5 + 1;
        const unsigned m = mp < 10 ? mp + 3 : mp - 9;
        y += m <= 2;
        char buf[32];
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(y), m, d);
        return std::string(buf);
    };
    std::vector<int64_t> days;
    for (int64_t d = -800000; d <= 800000; d += 1) days.push_back(d);  // years -220 .. 4160, every day
    for (int64_t d : {int64_t{-719528}, int64_t{-719162}, int64_t{-1000000}, int64_t{2932896}, int64_t{2932897},
                      int64_t{100000000}, int64_t{-100000000}})  // year 0, year 1, 9999-12-31, 10000-01-01, far out
        days.push_back(d);
    for (int64_t d : days) ASSERT_EQ(days_to_ymd(d), ymd_printf(d)) << d;
    EXPECT_EQ(days_to_ymd(-719528), "0000-01-01");
    EXPECT_EQ(days_to_ymd(-719529), "-001-12-31");
    EXPECT_EQ(days_to_ymd(2932897), "10000-01-01");

    std::mt19937_64 rng(7);
    for (int i = 0; i < 200000; ++i) {
        const int64_t ms = static_cast<int64_t>(rng() % 20000000000000ull) - 10000000000000;  // 1653 .. 2286
        int64_t secs = ms / 1000, day = secs / 86400, rem = secs % 86400;
        if (rem < 0) {
            rem += 86400;
            --day;
        }
        char buf[64];
        std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d", ymd_printf(day).c_str(), static_cast<int>(rem / 3600),
                      static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
        ASSERT_EQ(format_datetime(ms), buf) << ms;
    }
}
