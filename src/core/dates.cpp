// dates.cpp — see dates.h. The day arithmetic is Howard Hinnant's days_from_civil/civil_from_days:
// exact for the proleptic Gregorian calendar, negative days included.
#include "core/dates.h"

#include <charconv>

namespace pinlab {

namespace {
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// Two digits, zero-padded (0..99): what "%02u" writes. Dates are written without printf, so code that only
// writes them (the Demo worker's first module) carries no printf.
char* two_digits(char* p, unsigned v) {
    *p++ = static_cast<char>('0' + v / 10 % 10);
    *p++ = static_cast<char>('0' + v % 10);
    return p;
}

// "YYYY-MM-DD" into p; the year as "%04d" writes it (at least four characters, a minus sign counted).
char* put_ymd(char* p, int64_t z) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    const int year = static_cast<int>(y);
    char digits[12];
    char* end = std::to_chars(digits, digits + sizeof digits, year).ptr;
    const char* first = digits;
    if (year < 0) {
        *p++ = '-';
        ++first;
    }
    for (auto len = end - first + (year < 0); len < 4; ++len) *p++ = '0';
    while (first < end) *p++ = *first++;
    *p++ = '-';
    p = two_digits(p, m);
    *p++ = '-';
    return two_digits(p, d);
}
}  // namespace

std::optional<int64_t> parse_ymd_days(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    unsigned m = (s[5] - '0') * 10 + (s[6] - '0');
    unsigned d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1) return std::nullopt;
    static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    unsigned maxd = mdays[m - 1] + (m == 2 && leap ? 1 : 0);
    if (d > maxd) return std::nullopt;
    return days_from_civil(y, m, d);
}

std::string days_to_ymd(int64_t z) {
    char buf[32];
    return std::string(buf, put_ymd(buf, z));
}

std::string format_datetime(int64_t ms) {
    int64_t secs = ms / 1000;
    int64_t days = secs / 86400;
    int64_t rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    char buf[48];
    char* p = put_ymd(buf, days);
    *p++ = 'T';
    p = two_digits(p, static_cast<unsigned>(rem / 3600));
    *p++ = ':';
    p = two_digits(p, static_cast<unsigned>(rem / 60 % 60));
    *p++ = ':';
    p = two_digits(p, static_cast<unsigned>(rem % 60));
    return std::string(buf, p);
}

}  // namespace pinlab
