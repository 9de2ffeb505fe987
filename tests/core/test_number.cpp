// test_number.cpp — decimal text to double (core/number.h): the fast path against the C library's
// strtod, the reference (both must give the very same double), which inputs take the fast path, and
// leading_number() against atof on header values.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "core/number.h"

using namespace pinlab;

namespace {

uint64_t bits(double d) {
    uint64_t u;
    std::memcpy(&u, &d, sizeof u);
    return u;
}

double strtod_of(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

// A random JSON number: up to 25 digits, a fraction of up to 25, an exponent of up to ±40 or none.
std::string random_number(std::mt19937_64& rng) {
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
    std::string s;
    if (pick(2)) s += '-';
    int int_digits = 1 + pick(pick(4) == 0 ? 25 : 8);
    for (int i = 0; i < int_digits; ++i) s += static_cast<char>('0' + (i == 0 && int_digits > 1 ? 1 + pick(9) : pick(10)));
    if (pick(3)) {
        s += '.';
        int frac = 1 + pick(pick(4) == 0 ? 25 : 8);
        for (int i = 0; i < frac; ++i) s += static_cast<char>('0' + pick(10));
    }
    if (pick(3) == 0) {
        s += pick(2) ? 'e' : 'E';
        int r = pick(3);
        if (r == 0) s += '-';
        if (r == 1) s += '+';
        s += std::to_string(pick(41));
    }
    return s;
}

}  // namespace

TEST(Number, TheFastPathGivesStrtodsDoubleOrDeclines) {
    std::mt19937_64 rng(20261207);
    int fast = 0;
    const int n = 400000;
    for (int i = 0; i < n; ++i) {
        std::string s = random_number(rng);
        double d = 0;
        if (decimal_to_double_fast(s, d)) {
            ++fast;
            ASSERT_EQ(bits(d), bits(strtod_of(s))) << s;
        }
        ASSERT_EQ(bits(decimal_to_double(s)), bits(strtod_of(s))) << s;
    }
    // Most of these short random numbers are within the fast path; the long ones are not.
    EXPECT_GT(fast, n / 2);
    EXPECT_LT(fast, n);
}

TEST(Number, EdgesOfTheFastPath) {
    const char* taken[] = {"0", "-0", "0.0", "1", "-1", "9007199254740992", "9007199254740992e22", "1e22", "1e-22",
                           "0.1", "0.3", "123.456", "-2.5e-3", "4.35", "0.000001", "1.797693134862315", "1E+2",
                           "1e0", "1234567890123456e-5", "0.00000000000000000000000000001e10"};
    for (const char* s : taken) {
        double d = 0;
        EXPECT_TRUE(decimal_to_double_fast(s, d)) << s;
        EXPECT_EQ(bits(d), bits(strtod_of(s))) << s;
    }
    EXPECT_TRUE(std::signbit(decimal_to_double("-0")));
    EXPECT_TRUE(std::signbit(decimal_to_double("-0.0e5")));
    // Declined (the exact conversion answers): a value past 2^53, too many digits, a power past 22.
    const char* declined[] = {"9007199254740993", "18446744073709551615", "12345678901234567890", "1e23", "1e-23",
                              "2.2250738585072014e-308", "1.7976931348623157e308", "4.9e-324", "1e400", "1e-400",
                              "0.12345678901234567891"};
    for (const char* s : declined) {
        double d = 0;
        EXPECT_FALSE(decimal_to_double_fast(s, d)) << s;
        EXPECT_EQ(bits(decimal_to_double(s)), bits(strtod_of(s))) << s;
    }
    EXPECT_TRUE(std::isinf(decimal_to_double("1e400")));
    EXPECT_EQ(decimal_to_double("1e-400"), 0.0);
}

TEST(Number, TheFastPathRefusesWhatIsNotANumber) {
    double d = 0;
    for (const char* s : {"", "-", ".", "e5", "1e", "1e+", "1x", "1.2.3", " 1"})
        EXPECT_FALSE(decimal_to_double_fast(s, d)) << '"' << s << '"';
}

TEST(Number, LeadingNumberReadsHeaderValuesAsAtofDoes) {
    for (const char* s : {"12", "1.5", "  7", "100, 100;w=1", "-3", "+4", "2.", ".25", "-.5", "1e3", "1e+2s", "3e",
                          "0.000123", "1700000000", "1765000000.25", "6 seconds"}) {
        auto v = leading_number(s);
        ASSERT_TRUE(v.has_value()) << s;
        EXPECT_EQ(bits(*v), bits(std::atof(s))) << s;
    }
    for (const char* s : {"", "abc", " ", "-", ".", "e3", "+.", "nan"}) EXPECT_FALSE(leading_number(s).has_value()) << s;
}
