// number.cpp — decimal text to double: Clinger's fast path, else the platform's exact conversion
// (see number.h for why).
#include "core/number.h"

#include <cstdint>

namespace pinlab {

namespace {

// 10^0 … 10^22: every one is exactly a double (10^22 = 2^22 × 5^22, and 5^22 < 2^53).
constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
constexpr uint64_t kTwo53 = uint64_t{1} << 53;

bool digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool decimal_to_double_fast(std::string_view text, double& out) {
    const char* p = text.data();
    const char* end = p + text.size();
    bool neg = p < end && *p == '-';
    if (neg) ++p;
    uint64_t w = 0;
    int sig = 0;    // significant digits in w (leading zeros are not)
    int exp10 = 0;  // the value is w × 10^exp10
    bool any = false;
    for (; p < end && digit(*p); ++p) {
        any = true;
        if (w == 0 && *p == '0') continue;
        if (++sig > 19) return false;
        w = w * 10 + static_cast<uint64_t>(*p - '0');
    }
    if (p < end && *p == '.') {
        for (++p; p < end && digit(*p); ++p) {
            any = true;
            --exp10;
            if (w == 0 && *p == '0') continue;
            if (++sig > 19) return false;
            w = w * 10 + static_cast<uint64_t>(*p - '0');
        }
    }
    if (!any) return false;
    if (p < end && (*p == 'e' || *p == 'E')) {
        ++p;
        bool eneg = p < end && *p == '-';
        if (p < end && (*p == '-' || *p == '+')) ++p;
        int e = 0;
        if (p == end || !digit(*p)) return false;
        for (; p < end && digit(*p); ++p)
            if (e < 100000) e = e * 10 + (*p - '0');  // past any double's range either way
        exp10 += eneg ? -e : e;
    }
    if (p != end) return false;
    if (w == 0) {
        out = neg ? -0.0 : 0.0;
        return true;
    }
    if (w > kTwo53 || exp10 < -22 || exp10 > 22) return false;
    double d = static_cast<double>(w);
    d = exp10 < 0 ? d / kPow10[-exp10] : d * kPow10[exp10];
    out = neg ? -d : d;
    return true;
}

double decimal_to_double(std::string_view text) {
    double d;
    return decimal_to_double_fast(text, d) ? d : decimal_to_double_exact(text);
}

std::optional<double> leading_number(std::string_view s) {
    size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    const size_t start = i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    const size_t digits_at = i;
    while (i < s.size() && digit(s[i])) ++i;
    size_t int_digits = i - digits_at;
    size_t frac_digits = 0;
    if (i < s.size() && s[i] == '.') {
        size_t f = i + 1;
        while (f < s.size() && digit(s[f])) ++f;
        frac_digits = f - i - 1;
        if (int_digits || frac_digits) i = f;
    }
    if (!int_digits && !frac_digits) return std::nullopt;
    size_t num_end = i;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        size_t e = i + 1;
        if (e < s.size() && (s[e] == '-' || s[e] == '+')) ++e;
        if (e < s.size() && digit(s[e])) {
            while (e < s.size() && digit(s[e])) ++e;
            num_end = e;
        }
    }
    // "+4", "2." and ".5" are not JSON's spelling, but strtod and Number() read them as atof does, and the fast
    // path declines what it does not read (a '+').
    return decimal_to_double(s.substr(start, num_end - start));
}

}  // namespace pinlab
