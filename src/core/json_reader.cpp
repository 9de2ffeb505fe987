// json_reader.cpp — one-pass JSON parser into JDoc's node vector (see json_reader.h for why and how).
// Iterative (an explicit stack of open containers), so hostile nesting costs memory, not C++ stack.
#include "core/json_reader.h"

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "core/number.h"

namespace pinlab {

const JVal* JVal::find(std::string_view key) const {
    if (t_ != Type::Object) return nullptr;
    const JVal* c = this + 1;
    for (uint32_t i = 0; i < n_; ++i, c += c->span())
        if (c->key_len_ == key.size() &&
            (key.empty() || (c->key_[0] == key[0] && std::memcmp(c->key_, key.data(), key.size()) == 0)))
            return c;
    return nullptr;
}

json JVal::to_nlohmann() const {
    switch (t_) {
        case Type::Null: return nullptr;
        case Type::Boolean: return v_.b;
        // nlohmann's parser stores non-negative integers as unsigned: keep the copy identical to it.
        case Type::Integer: return v_.i >= 0 ? json(static_cast<uint64_t>(v_.i)) : json(v_.i);
        case Type::Unsigned: return v_.u;
        case Type::Float: return v_.f;
        case Type::String: return std::string(v_.s, n_);
        case Type::Array: {
            json a = json::array();
            for (const JVal& e : *this) a.push_back(e.to_nlohmann());
            return a;
        }
        case Type::Object: {
            json o = json::object();
            for (auto it = begin(); it != end(); ++it) o.emplace(std::string(it.key()), it.value().to_nlohmann());
            return o;
        }
    }
    return nullptr;
}

namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "special8 assumes the first byte is the lowest");

// The parser's state for one parse() call.
struct Parser {
    const char* const begin;
    const char* const end;
    const char* p;
    std::unique_ptr<char[]>& unescaped;  // allocated at the first escape (most bodies have none)
    char* out;                           // next free byte of it
    std::string& error;

    bool fail(const char* at, const char* what) {
        error = "byte " + std::to_string(at - begin) + ": " + what;
        return false;
    }

    void skip_ws() {
        while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
    }

    // Length of the valid UTF-8 sequence at `s` (first byte >= 0x80), 0 if invalid (RFC 3629).
    size_t utf8_len(const unsigned char* s) const {
        const unsigned char* e = reinterpret_cast<const unsigned char*>(end);
        auto cont = [&](size_t i, unsigned char lo, unsigned char hi) { return s + i < e && s[i] >= lo && s[i] <= hi; };
        unsigned char c = s[0];
        if (c >= 0xC2 && c <= 0xDF) return cont(1, 0x80, 0xBF) ? 2 : 0;
        if (c == 0xE0) return cont(1, 0xA0, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
        if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
            return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
        if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2, 0x80, 0xBF) ? 3 : 0;  // no UTF-8-encoded surrogates
        if (c == 0xF0) return cont(1, 0x90, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
        if (c >= 0xF1 && c <= 0xF3) return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
        if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
        return 0;
    }

    // Four hex digits after "\u"; -1 if not.
    long hex4(const char* s) const {
        if (end - s < 4) return -1;
        long v = 0;
        for (int i = 0; i < 4; ++i) {
            char c = s[i];
            int d = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
            if (d < 0) return -1;
            v = v * 16 + d;
        }
        return v;
    }

    // The bytes among the 8 at `s` that need a look: '"', '\\', a control character or non-ASCII, as
    // their high bits (SWAR). Bytes above a flagged one may be flagged falsely; the lowest never is.
    static uint64_t special8(const char* s) {
        uint64_t w;
        std::memcpy(&w, s, 8);
        constexpr uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
        uint64_t q = w ^ (0x22 * ones), b = w ^ (0x5C * ones);
        return (w | ((q - ones) & ~q) | ((b - ones) & ~b) | ((w - 0x20 * ones) & ~w)) & highs;
    }

    // `p` is just past the opening quote. On success `s`/`n` view the string's value and `p` is past
    // the closing quote. Strings without escapes are views into the body (the common case).
    bool string(const char*& s, uint32_t& n) {
        const char* start = p;
        for (;;) {
            // Most of a page's bytes are plain ASCII text: skip it 8 bytes at a time, to the first special.
            while (end - p >= 8) {
                uint64_t m = special8(p);
                if (!m) {
                    p += 8;
                    continue;
                }
                p += __builtin_ctzll(m) >> 3;  // little-endian: the lowest byte comes first (x86, WASM)
                break;
            }
            if (p >= end) break;
            unsigned char c = static_cast<unsigned char>(*p);
            if (c == '"') {
                s = start;
                n = static_cast<uint32_t>(p - start);
                ++p;
                return true;
            }
            if (c == '\\') return escaped(start, s, n);
            if (c < 0x20) return fail(p, "control character in string (escape it)");
            if (c < 0x80) {
                ++p;
                continue;
            }
            size_t len = utf8_len(reinterpret_cast<const unsigned char*>(p));
            if (!len) return fail(p, "invalid UTF-8 in string");
            p += len;
        }
        return fail(p, "unterminated string");
    }

    // The slow path: copies the string into the unescape buffer, decoding escapes.
    bool escaped(const char* start, const char*& s, uint32_t& n) {
        if (!out) {
            // Unescaped text is never longer than its source, so one buffer of the body's size never moves.
            unescaped.reset(new char[end - begin]);
            out = unescaped.get();
        }
        char* o = out;
        std::memcpy(o, start, p - start);
        o += p - start;
        while (p < end) {
            unsigned char c = static_cast<unsigned char>(*p);
            if (c == '"') {
                s = out;
                n = static_cast<uint32_t>(o - out);
                out = o;
                ++p;
                return true;
            }
            if (c < 0x20) return fail(p, "control character in string (escape it)");
            if (c >= 0x80) {
                size_t len = utf8_len(reinterpret_cast<const unsigned char*>(p));
                if (!len) return fail(p, "invalid UTF-8 in string");
                std::memcpy(o, p, len);
                o += len;
                p += len;
                continue;
            }
            if (c != '\\') {
                *o++ = static_cast<char>(c);
                ++p;
                continue;
            }
            const char* esc = p;
            if (++p == end) break;
            switch (*p++) {
                case '"': *o++ = '"'; break;
                case '\\': *o++ = '\\'; break;
                case '/': *o++ = '/'; break;
                case 'b': *o++ = '\b'; break;
                case 'f': *o++ = '\f'; break;
                case 'n': *o++ = '\n'; break;
                case 'r': *o++ = '\r'; break;
                case 't': *o++ = '\t'; break;
                case 'u': {
                    long cp = hex4(p);
                    if (cp < 0) return fail(esc, "\\u must be followed by 4 hex digits");
                    p += 4;
                    if (cp >= 0xDC00 && cp <= 0xDFFF) return fail(esc, "lone low surrogate in \\u escape");
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        long lo = end - p >= 6 && p[0] == '\\' && p[1] == 'u' ? hex4(p + 2) : -1;
                        if (lo < 0xDC00 || lo > 0xDFFF) return fail(esc, "high surrogate not followed by a low one");
                        p += 6;
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    }
                    // UTF-8 is never longer than the escape it replaces (6 bytes → ≤ 3, 12 → 4).
                    if (cp < 0x80) {
                        *o++ = static_cast<char>(cp);
                    } else if (cp < 0x800) {
                        *o++ = static_cast<char>(0xC0 | (cp >> 6));
                        *o++ = static_cast<char>(0x80 | (cp & 0x3F));
                    } else if (cp < 0x10000) {
                        *o++ = static_cast<char>(0xE0 | (cp >> 12));
                        *o++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                        *o++ = static_cast<char>(0x80 | (cp & 0x3F));
                    } else {
                        *o++ = static_cast<char>(0xF0 | (cp >> 18));
                        *o++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
                        *o++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                        *o++ = static_cast<char>(0x80 | (cp & 0x3F));
                    }
                    break;
                }
                default: return fail(esc, "invalid escape");
            }
        }
        return fail(p, "unterminated string");
    }

    // RFC 8259 number at `p`: integers that fit 64 bits stay exact; others are doubles, which must be finite.
    bool number(JVal::Type& t, int64_t& i, uint64_t& u, double& f) {
        const char* start = p;
        bool neg = *p == '-';
        if (neg) ++p;
        if (p == end || *p < '0' || *p > '9') return fail(start, "invalid number");
        uint64_t mag = 0;
        bool overflow = false;
        if (*p == '0') {
            ++p;
        } else {
            while (p < end && *p >= '0' && *p <= '9') {
                unsigned d = static_cast<unsigned>(*p++ - '0');
                if (mag > (UINT64_MAX - d) / 10) overflow = true;
                else mag = mag * 10 + d;
            }
        }
        bool is_float = false;
        if (p < end && *p == '.') {
            is_float = true;
            ++p;
            if (p == end || *p < '0' || *p > '9') return fail(start, "invalid number (digit expected after '.')");
            while (p < end && *p >= '0' && *p <= '9') ++p;
        }
        if (p < end && (*p == 'e' || *p == 'E')) {
            is_float = true;
            ++p;
            if (p < end && (*p == '+' || *p == '-')) ++p;
            if (p == end || *p < '0' || *p > '9') return fail(start, "invalid number (digit expected in exponent)");
            while (p < end && *p >= '0' && *p <= '9') ++p;
        }
        if (!is_float && !overflow) {
            if (!neg && mag <= static_cast<uint64_t>(INT64_MAX)) {
                t = JVal::Type::Integer;
                i = static_cast<int64_t>(mag);
                return true;
            }
            if (!neg) {
                t = JVal::Type::Unsigned;
                u = mag;
                return true;
            }
            if (mag <= static_cast<uint64_t>(INT64_MAX) + 1) {
                t = JVal::Type::Integer;
                i = mag == static_cast<uint64_t>(INT64_MAX) + 1 ? INT64_MIN : -static_cast<int64_t>(mag);
                return true;
            }
        }
        f = decimal_to_double(std::string_view(start, static_cast<size_t>(p - start)));
        if (!std::isfinite(f)) return fail(start, "number out of range");
        t = JVal::Type::Float;
        return true;
    }

    bool literal(const char* word, size_t len) {
        if (static_cast<size_t>(end - p) < len || std::memcmp(p, word, len) != 0) return fail(p, "invalid literal");
        p += len;
        return true;
    }
};

}  // namespace

bool JDoc::parse(std::string_view text) {
    nodes_.clear();
    error_.clear();
    unescaped_.reset();
    Parser ps{text.data(), text.data() + text.size(), text.data(), unescaped_, nullptr, error_};
    if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) ps.p += 3;  // as nlohmann does
    nodes_.reserve(text.size() / 16 + 4);

    std::vector<uint32_t> open;  // indices of the containers being filled
    const char* key = "";
    uint32_t key_len = 0;

    // value → (array: value | object: key value)* → done, as a loop over the open containers.
    for (;;) {
        ps.skip_ws();
        if (ps.p == ps.end) return ps.fail(ps.p, "unexpected end of input");
        if (!open.empty()) ++nodes_[open.back()].n_;
        nodes_.emplace_back();
        JVal& v = nodes_.back();
        v.key_ = key;
        v.key_len_ = key_len;
        key = "";
        key_len = 0;
        char c = *ps.p;
        bool opened = false;
        if (c == '{' || c == '[') {
            if (open.size() >= kMaxDepth) return ps.fail(ps.p, "nesting too deep");
            v.t_ = c == '{' ? JVal::Type::Object : JVal::Type::Array;
            v.v_.span = 1;
            open.push_back(static_cast<uint32_t>(nodes_.size() - 1));
            ++ps.p;
            opened = true;
        } else if (c == '"') {
            ++ps.p;
            v.t_ = JVal::Type::String;
            if (!ps.string(v.v_.s, v.n_)) return false;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            if (!ps.number(v.t_, v.v_.i, v.v_.u, v.v_.f)) return false;
        } else if (c == 't') {
            if (!ps.literal("true", 4)) return false;
            v.t_ = JVal::Type::Boolean;
            v.v_.b = true;
        } else if (c == 'f') {
            if (!ps.literal("false", 5)) return false;
            v.t_ = JVal::Type::Boolean;
            v.v_.b = false;
        } else if (c == 'n') {
            if (!ps.literal("null", 4)) return false;
        } else {
            return ps.fail(ps.p, "unexpected character");
        }

        // After a value (or just inside a new container): close containers and find the next value.
        bool first = opened;
        for (;;) {
            if (open.empty()) {
                ps.skip_ws();
                if (ps.p != ps.end) return ps.fail(ps.p, "unexpected text after the JSON value");
                return true;
            }
            JVal& top = nodes_[open.back()];
            ps.skip_ws();
            if (ps.p == ps.end) return ps.fail(ps.p, "unexpected end of input");
            char close = top.t_ == JVal::Type::Object ? '}' : ']';
            if (*ps.p == close && (first || top.n_ > 0)) {
                ++ps.p;
                top.v_.span = static_cast<uint32_t>(nodes_.size() - open.back());
                open.pop_back();
                first = false;
                continue;
            }
            if (!first) {
                if (*ps.p != ',')
                    return ps.fail(ps.p, top.t_ == JVal::Type::Object ? "',' or '}' expected" : "',' or ']' expected");
                ++ps.p;
            }
            if (top.t_ == JVal::Type::Object) {
                ps.skip_ws();
                if (ps.p == ps.end || *ps.p != '"') return ps.fail(ps.p, "member name expected");
                ++ps.p;
                if (!ps.string(key, key_len)) return false;
                ps.skip_ws();
                if (ps.p == ps.end || *ps.p != ':') return ps.fail(ps.p, "':' expected");
                ++ps.p;
            }
            break;
        }
    }
}

std::optional<json> json_parse(std::string_view text) {
    JDoc doc;
    if (!doc.parse(text)) return std::nullopt;
    return doc.root().to_nlohmann();
}

}  // namespace pinlab
