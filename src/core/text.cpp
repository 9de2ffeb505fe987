// text.cpp — see text.h.
#include "core/text.h"

namespace pinlab {

namespace {
char lower_char(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

// [SECTION] Prefixes and case

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lower_char(a[i]) != lower_char(b[i])) return false;
    return true;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = lower_char(c);
    return out;
}

// [SECTION] Digits

bool is_digits(std::string_view s, size_t max_len) {
    if (s.empty() || s.size() > max_len) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

uint64_t digits_value(std::string_view digits) {
    uint64_t v = 0;
    for (char c : digits) v = v * 10 + static_cast<uint64_t>(c - '0');
    return v;
}

// [SECTION] UTF-8

bool utf8_valid(std::string_view s) {
    size_t i = 0, n = s.size();
    while (i < n) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        size_t extra;
        if (c < 0x80) extra = 0;
        else if ((c >> 5) == 6) extra = 1;
        else if ((c >> 4) == 14) extra = 2;
        else if ((c >> 3) == 30) extra = 3;
        else return false;
        if (extra > n - i - 1) return false;
        for (size_t k = 1; k <= extra; ++k)
            if (!continuation(s[i + k])) return false;
        i += extra + 1;
    }
    return true;
}

size_t utf8_length(std::string_view s) {
    size_t n = 0;
    for (char c : s) n += !continuation(c);
    return n;
}

size_t utf8_floor(std::string_view s, size_t pos) {
    if (pos >= s.size()) return s.size();
    while (pos > 0 && continuation(s[pos])) --pos;
    return pos;
}

// [SECTION] Lists

std::vector<std::string_view> split_views(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    while (true) {
        size_t p = s.find(sep);
        out.push_back(s.substr(0, p));
        if (p == std::string_view::npos) break;
        s.remove_prefix(p + 1);
    }
    return out;
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string_view> pieces = split_views(s, sep);
    return std::vector<std::string>(pieces.begin(), pieces.end());
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string s;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i) s += sep;
        s += parts[i];
    }
    return s;
}

// [SECTION] HTML

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 16);
    for (char ch : s) {
        switch (ch) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += ch;
        }
    }
    return out;
}

}  // namespace pinlab
