// pattern.cpp — see pattern.h. A recursive-descent parser to a small tree, and a backtracking matcher that
// passes continuations on the stack (how ECMAScript defines matching), with two bounds: steps and depth.
#include "core/pattern.h"

#include <cctype>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace pinlab {

namespace {

constexpr long kMaxSteps = 2'000'000;  // matcher calls per search
constexpr int kMaxDepth = 2000;         // nested matcher calls (a repeated group nests once per repetition)
constexpr int kMaxRepeat = 100000;      // the largest {n,m} accepted
constexpr size_t kMaxPattern = 4096;    // pattern length, in bytes

// UTF-8 to code points; an invalid sequence reads as U+FFFD (as a JavaScript string would hold it).
std::u32string decode(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
        char32_t cp = n == 0 ? c : n == 1 ? (c & 0x1F) : n == 2 ? (c & 0x0F) : (c & 0x07);
        bool ok = n >= 0 && i + static_cast<size_t>(n) < s.size() + (n == 0 ? 1 : 0);
        for (int k = 1; ok && k <= n; ++k) {
            unsigned char cc = static_cast<unsigned char>(s[i + k]);
            ok = (cc & 0xC0) == 0x80;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (!ok) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += static_cast<size_t>(n) + 1;
    }
    return out;
}

using Ranges = std::vector<std::pair<char32_t, char32_t>>;

const Ranges kDigit = {{'0', '9'}};
const Ranges kWord = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
const Ranges kSpace = {{'\t', '\r'}, {' ', ' '},       {0xA0, 0xA0},     {0x1680, 0x1680}, {0x2000, 0x200A},
                       {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};

bool in(const Ranges& r, char32_t c) {
    for (const auto& [lo, hi] : r)
        if (c >= lo && c <= hi) return true;
    return false;
}

bool is_word(char32_t c) { return in(kWord, c); }

}  // namespace

struct Pattern::Node {
    enum Kind { Alt, Seq, Class, Any, Start, End, WordBoundary, NotWordBoundary, Group, LookAhead } kind = Seq;
    std::vector<std::unique_ptr<Node>> kids;  // Alt: Seq nodes; Seq: items; Group/LookAhead: one Alt
    std::vector<std::pair<Ranges, bool>> sets;  // Class: parts, each (ranges, negated)
    bool negate = false;                        // Class: [^...]; LookAhead: (?!...)
    int min = 1, max = 1;                       // the item's quantifier
    bool greedy = true;
    bool single() const { return kind == Class || kind == Any; }  // matches exactly one character
};

namespace {

using Node = Pattern::Node;

// [SECTION] Parser

struct Parser {
    const std::u32string& p;
    size_t i = 0;
    std::string error;

    bool more() const { return i < p.size(); }
    bool fail(const char* why) {
        if (error.empty()) error = why;
        return false;
    }

    std::unique_ptr<Node> alt(int depth) {
        auto n = std::make_unique<Node>();
        n->kind = Node::Alt;
        if (depth > 64) return fail("groups nested too deeply"), nullptr;
        for (;;) {
            auto s = seq(depth);
            if (!s) return nullptr;
            n->kids.push_back(std::move(s));
            if (more() && p[i] == '|') {
                ++i;
                continue;
            }
            return n;
        }
    }

    std::unique_ptr<Node> seq(int depth) {
        auto n = std::make_unique<Node>();
        n->kind = Node::Seq;
        while (more() && p[i] != '|' && p[i] != ')') {
            auto a = atom(depth);
            if (!a) return nullptr;
            if (!quantifier(*a)) return nullptr;
            n->kids.push_back(std::move(a));
        }
        return n;
    }

    bool number(int& out) {
        size_t start = i;
        long v = 0;
        while (more() && p[i] >= '0' && p[i] <= '9' && v <= kMaxRepeat) v = v * 10 + (p[i++] - '0');
        out = static_cast<int>(std::min<long>(v, kMaxRepeat + 1));
        return i > start;
    }

    bool quantifier(Node& a) {
        if (!more()) return true;
        char32_t c = p[i];
        int lo = 1, hi = 1;
        if (c == '*') lo = 0, hi = -1, ++i;
        else if (c == '+') lo = 1, hi = -1, ++i;
        else if (c == '?') lo = 0, hi = 1, ++i;
        else if (c == '{') {
            ++i;
            if (!number(lo)) return fail("a '{' that is not a quantifier");
            hi = lo;
            if (more() && p[i] == ',') {
                ++i;
                hi = -1;
                if (more() && p[i] != '}' && !number(hi)) return fail("a malformed {n,m}");
            }
            if (!more() || p[i] != '}') return fail("a malformed {n,m}");
            ++i;
            if (lo > kMaxRepeat || hi > kMaxRepeat) return fail("a repetition count too large");
            if (hi >= 0 && hi < lo) return fail("{n,m} with m < n");
        } else {
            return true;
        }
        if (a.kind == Node::Start || a.kind == Node::End || a.kind == Node::WordBoundary ||
            a.kind == Node::NotWordBoundary || a.kind == Node::LookAhead)
            return fail("a quantifier after an assertion");
        a.min = lo;
        a.max = hi < 0 ? INT32_MAX : hi;
        if (more() && p[i] == '?') a.greedy = false, ++i;
        if (more() && (p[i] == '*' || p[i] == '+' || p[i] == '?' || p[i] == '{')) return fail("a quantifier twice");
        return true;
    }

    static std::unique_ptr<Node> make_class(Ranges r, bool negated) {
        auto n = std::make_unique<Node>();
        n->kind = Node::Class;
        n->sets.emplace_back(std::move(r), negated);
        return n;
    }

    // After a backslash: a character (out), or a class escape (set, negated). Returns false on an error.
    bool escape(bool in_class, char32_t& out, const Ranges*& set, bool& negated) {
        if (!more()) return fail("a trailing backslash");
        char32_t c = p[i++];
        set = nullptr;
        switch (c) {
            case 'd': case 'D': set = &kDigit; negated = c == 'D'; return true;
            case 'w': case 'W': set = &kWord; negated = c == 'W'; return true;
            case 's': case 'S': set = &kSpace; negated = c == 'S'; return true;
            case 'n': out = '\n'; return true;
            case 'r': out = '\r'; return true;
            case 't': out = '\t'; return true;
            case 'f': out = '\f'; return true;
            case 'v': out = '\v'; return true;
            case '0': out = 0; return true;
            case 'b': if (in_class) { out = '\b'; return true; } break;
            case 'x': case 'u': {
                int digits = c == 'x' ? 2 : 4;
                bool braces = c == 'u' && more() && p[i] == '{';
                if (braces) ++i, digits = 6;
                char32_t v = 0;
                int n = 0;
                while (more() && n < digits && std::isxdigit(static_cast<int>(p[i] < 128 ? p[i] : 0))) {
                    char32_t h = p[i++];
                    v = v * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
                    ++n;
                }
                if (braces) {
                    if (!more() || p[i] != '}' || n == 0) return fail("a malformed \\u{...}");
                    ++i;
                } else if (n != digits) {
                    return fail("a malformed \\x or \\u escape");
                }
                out = v;
                return true;
            }
            default: break;
        }
        static const std::u32string kSyntax = U"^$\\.*+?()[]{}|/";
        if (kSyntax.find(c) != std::u32string::npos || (in_class && c == '-')) {
            out = c;
            return true;
        }
        return fail("an escape outside the supported subset (back-references, \\p{...}, ...)");
    }

    std::unique_ptr<Node> char_class() {
        auto n = std::make_unique<Node>();
        n->kind = Node::Class;
        if (more() && p[i] == '^') n->negate = true, ++i;
        Ranges ranges;
        while (more() && p[i] != ']') {
            char32_t lo = 0;
            const Ranges* set = nullptr;
            bool neg = false;
            if (p[i] == '\\') {
                ++i;
                if (!escape(true, lo, set, neg)) return nullptr;
            } else {
                lo = p[i++];
            }
            if (set) {
                n->sets.emplace_back(*set, neg);
                continue;
            }
            char32_t hi = lo;
            if (i + 1 < p.size() && p[i] == '-' && p[i + 1] != ']') {
                ++i;
                if (p[i] == '\\') {
                    ++i;
                    if (!escape(true, hi, set, neg)) return nullptr;
                    if (set) return fail("a range to a class escape"), nullptr;
                } else {
                    hi = p[i++];
                }
                if (hi < lo) return fail("a range out of order"), nullptr;
            }
            ranges.emplace_back(lo, hi);
        }
        if (!more()) return fail("an unterminated character class"), nullptr;
        ++i;  // ]
        n->sets.emplace_back(std::move(ranges), false);
        return n;
    }

    std::unique_ptr<Node> atom(int depth) {
        char32_t c = p[i++];
        auto simple = [](Node::Kind k) {
            auto n = std::make_unique<Node>();
            n->kind = k;
            return n;
        };
        switch (c) {
            case '^': return simple(Node::Start);
            case '$': return simple(Node::End);
            case '.': return simple(Node::Any);
            case '[': return char_class();
            case '(': {
                auto n = std::make_unique<Node>();
                n->kind = Node::Group;
                if (more() && p[i] == '?') {
                    if (i + 1 >= p.size()) return fail("a malformed group"), nullptr;
                    char32_t t = p[i + 1];
                    if (t == ':') n->kind = Node::Group;
                    else if (t == '=' || t == '!') n->kind = Node::LookAhead, n->negate = t == '!';
                    else return fail("a group kind outside the supported subset (lookbehind, named groups)"), nullptr;
                    i += 2;
                }
                auto body = alt(depth + 1);
                if (!body) return nullptr;
                if (!more() || p[i] != ')') return fail("an unterminated group"), nullptr;
                ++i;
                n->kids.push_back(std::move(body));
                return n;
            }
            case '\\': {
                if (more() && (p[i] == 'b' || p[i] == 'B')) return simple(p[i++] == 'b' ? Node::WordBoundary : Node::NotWordBoundary);
                if (more() && p[i] >= '1' && p[i] <= '9') return fail("back-references are not supported"), nullptr;
                char32_t ch = 0;
                const Ranges* set = nullptr;
                bool neg = false;
                if (!escape(false, ch, set, neg)) return nullptr;
                return set ? make_class(*set, neg) : make_class({{ch, ch}}, false);
            }
            case ')': case '*': case '+': case '?': case '{': case '}': case ']':
                return fail("a syntax character out of place"), nullptr;
            default: return make_class({{c, c}}, false);
        }
    }
};

// [SECTION] Matcher

struct Cont {
    const Node* seq = nullptr;  // continue with seq->kids[i]...
    size_t i = 0;
    const Node* loop = nullptr;  // or: one more iteration of this repeated group was matched
    int count = 0;               // iterations matched so far (loop)
    size_t start = 0;            // where the iteration began (loop: an empty one ends the loop)
    const Cont* next = nullptr;
};

struct Matcher {
    const std::u32string& s;
    bool icase;
    long steps = 0;
    int depth = 0;
    bool blown = false;

    bool class_has(const Node& n, char32_t c) const {
        auto test = [&](char32_t x) {
            for (const auto& [r, neg] : n.sets)
                if (in(r, x) != neg) return true;
            return false;
        };
        bool hit = test(c);
        if (!hit && icase && c < 128 && std::isalpha(static_cast<int>(c)))
            hit = test(static_cast<char32_t>(std::islower(static_cast<int>(c)) ? std::toupper(static_cast<int>(c))
                                                                                : std::tolower(static_cast<int>(c))));
        return hit != n.negate;
    }
    bool one(const Node& n, char32_t c) const {
        if (n.kind == Node::Any) return c != '\n' && c != '\r' && c != 0x2028 && c != 0x2029;
        return class_has(n, c);
    }
    bool guard() {
        if (++steps > kMaxSteps || depth > kMaxDepth) blown = true;
        return !blown;
    }

    bool alt(const Node& a, size_t pos, const Cont* k) {
        for (const auto& s_node : a.kids) {
            if (seq(*s_node, 0, pos, k)) return true;
            if (blown) return false;
        }
        return false;
    }

    bool cont(size_t pos, const Cont* k) {
        if (!k) return true;
        if (k->loop) {
            if (pos == k->start && k->count > k->loop->min) return false;  // an empty iteration ends nothing
            return repeat(*k->loop, k->count, pos, k->next);
        }
        return seq(*k->seq, k->i, pos, k->next);
    }

    // A repeated group: `count` iterations matched; try one more (greedy first) or what follows.
    bool repeat(const Node& item, int count, size_t pos, const Cont* after) {
        if (!guard()) return false;
        Cont more_one{nullptr, 0, &item, count + 1, pos, after};
        bool can_more = count < item.max;
        bool can_stop = count >= item.min;
        ++depth;
        bool ok = false;
        if (item.greedy) {
            ok = (can_more && alt(*item.kids[0], pos, &more_one)) || (!blown && can_stop && cont(pos, after));
        } else {
            ok = (can_stop && cont(pos, after)) || (!blown && can_more && alt(*item.kids[0], pos, &more_one));
        }
        --depth;
        return ok && !blown;
    }

    bool seq(const Node& sq, size_t i, size_t pos, const Cont* k) {
        if (!guard()) return false;
        if (i == sq.kids.size()) return cont(pos, k);
        const Node& item = *sq.kids[i];
        ++depth;
        bool ok = step(sq, i, item, pos, k);
        --depth;
        return ok && !blown;
    }

    bool step(const Node& sq, size_t i, const Node& item, size_t pos, const Cont* k) {
        switch (item.kind) {
            case Node::Start: return pos == 0 && seq(sq, i + 1, pos, k);
            case Node::End: return pos == s.size() && seq(sq, i + 1, pos, k);
            case Node::WordBoundary:
            case Node::NotWordBoundary: {
                bool a = pos > 0 && is_word(s[pos - 1]), b = pos < s.size() && is_word(s[pos]);
                return ((a != b) == (item.kind == Node::WordBoundary)) && seq(sq, i + 1, pos, k);
            }
            case Node::LookAhead: {
                bool hit = alt(*item.kids[0], pos, nullptr);
                if (blown) return false;
                return hit != item.negate && seq(sq, i + 1, pos, k);
            }
            case Node::Class:
            case Node::Any: {
                // One character repeated: counted in a loop, then the rest tried from each length.
                size_t n = 0;
                while (n < static_cast<size_t>(item.max) && pos + n < s.size() && one(item, s[pos + n])) ++n;
                if (n < static_cast<size_t>(item.min)) return false;
                if (item.greedy) {
                    for (size_t j = n + 1; j-- > static_cast<size_t>(item.min);) {
                        if (seq(sq, i + 1, pos + j, k)) return true;
                        if (blown) return false;
                    }
                } else {
                    for (size_t j = static_cast<size_t>(item.min); j <= n; ++j) {
                        if (seq(sq, i + 1, pos + j, k)) return true;
                        if (blown) return false;
                    }
                }
                return false;
            }
            case Node::Group: {
                Cont after{&sq, i + 1, nullptr, 0, 0, k};
                if (item.min == 1 && item.max == 1) return alt(*item.kids[0], pos, &after);
                return repeat(item, 0, pos, &after);
            }
            case Node::Alt:
            case Node::Seq: break;
        }
        return false;
    }
};

}  // namespace

Pattern::~Pattern() = default;

std::shared_ptr<const Pattern> Pattern::compile(std::string_view pattern, bool ignore_case, std::string* error) {
    if (pattern.size() > kMaxPattern) {
        if (error) *error = "the pattern is too long";
        return nullptr;
    }
    std::u32string p = decode(pattern);
    Parser parser{p, 0, {}};
    auto root = parser.alt(0);
    if (root && parser.more()) parser.fail("an unmatched ')'");
    if (!root || !parser.error.empty()) {
        if (error) *error = parser.error.empty() ? "a malformed pattern" : parser.error;
        return nullptr;
    }
    auto out = std::make_shared<Pattern>();
    out->anchored_ = !root->kids.empty();
    for (const auto& s : root->kids)
        out->anchored_ = out->anchored_ && !s->kids.empty() && s->kids[0]->kind == Node::Start;
    out->root_ = std::move(root);
    out->ignore_case_ = ignore_case;
    return out;
}

Pattern::Match Pattern::search(std::string_view text) const {
    std::u32string s = decode(text);
    Matcher m{s, ignore_case_};
    for (size_t start = 0; start <= s.size(); ++start) {
        if (m.alt(*root_, start, nullptr)) return Match::Yes;
        if (m.blown) return Match::TooComplex;
        if (anchored_) break;
    }
    return Match::No;
}

std::shared_ptr<const Pattern> cached_pattern(const std::string& pattern, bool ignore_case) {
    // Per thread: the emulator may run on several server threads; no lock on the hot path.
    thread_local std::map<std::pair<std::string, bool>, std::shared_ptr<const Pattern>> cache;
    auto key = std::make_pair(pattern, ignore_case);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    if (cache.size() >= 256) cache.clear();  // bounded: a hostile catalogue cannot grow it without end
    auto compiled = Pattern::compile(pattern, ignore_case);
    cache.emplace(std::move(key), compiled);
    return compiled;
}

}  // namespace pinlab
