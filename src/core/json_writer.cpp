// json_writer.cpp — see json_writer.h. Written by hand rather than with nlohmann's serializer so that the code
// on every request stays small (the serializer formats its \u escapes with snprintf, which brings in all of
// printf) while the bytes stay nlohmann's: its escaping rules and its UTF-8 replacement are reproduced here.
#include "core/json_writer.h"

#include <charconv>

namespace pinlab {

namespace {

// How many bytes a well-formed UTF-8 sequence starting at p[0] (>= 0x80) has, or 0 when it is not one. On 0,
// `skip` is how many bytes nlohmann's decoder drops with one U+FFFD: the bytes up to the one that broke the
// sequence (which is then read again as the start of the next), at least the first, or all that are left
// when the text ends inside the sequence. The second byte's ranges are Unicode's Table 3-7 (no overlong
// forms, no surrogates, nothing above U+10FFFF), as nlohmann's decoder (Hoehrmann's DFA) accepts them.
size_t utf8_sequence(const unsigned char* p, size_t n, size_t& skip) {
    const unsigned char b = p[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range
    if (b >= 0xC2 && b <= 0xDF) {
        len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
        len = 3;
        if (b == 0xE0) lo = 0xA0;
        if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4;
        if (b == 0xF0) lo = 0x90;
        if (b == 0xF4) hi = 0x8F;
    } else {  // a continuation byte, C0, C1 or F5..FF where a sequence should start
        skip = 1;
        return 0;
    }
    for (size_t k = 1; k < len; ++k) {
        if (k >= n) {  // the text ends inside the sequence
            skip = n;
            return 0;
        }
        const unsigned char c = p[k];
        if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) {
            skip = k;
            return 0;
        }
    }
    return len;
}

// The escape nlohmann writes for an ASCII byte, or null when the byte is written as it is.
const char* short_escape(unsigned char b) {
    switch (b) {
        case '"': return "\\\"";
        case '\\': return "\\\\";
        case '\b': return "\\b";
        case '\f': return "\\f";
        case '\n': return "\\n";
        case '\r': return "\\r";
        case '\t': return "\\t";
        default: return nullptr;
    }
}

}  // namespace

void json_put_string(std::string& out, std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const size_t n = s.size();
    out += '"';
    size_t copied = 0;  // p[copied, i) is plain text not yet appended
    size_t i = 0;
    while (i < n) {
        const unsigned char b = p[i];
        if (b >= 0x20 && b < 0x80 && b != '"' && b != '\\') {
            ++i;
            continue;
        }
        if (b >= 0x80) {
            size_t skip = 0;
            if (size_t len = utf8_sequence(p + i, n - i, skip)) {
                i += len;  // well-formed: copied as it is
                continue;
            }
            out.append(s.data() + copied, i - copied);
            out += "\xEF\xBF\xBD";  // U+FFFD
            i += skip;
            copied = i;
            continue;
        }
        out.append(s.data() + copied, i - copied);
        if (const char* e = short_escape(b)) {
            out += e;
        } else {  // another control character: \u00xx
            static constexpr char kHex[] = "0123456789abcdef";
            const char u[6] = {'\\', 'u', '0', '0', kHex[b >> 4], kHex[b & 15]};
            out.append(u, sizeof u);
        }
        copied = ++i;
    }
    out.append(s.data() + copied, n - copied);
    out += '"';
}

void json_put_opt(std::string& out, const std::optional<std::string>& s) {
    if (s)
        json_put_string(out, *s);
    else
        out += "null";
}

void json_put_int(std::string& out, int64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, static_cast<size_t>(r.ptr - buf));
}

void json_put_whole_double(std::string& out, int64_t v) {
    json_put_int(out, v);
    out += ".0";
}

}  // namespace pinlab
