// pattern.h — ECMA-262 regular expressions as JSON Schema's `pattern` and the format checks use them: the
// subset the API spec and ajv-formats write (literals and escapes, `.`, classes with ranges and negation,
// \d \w \s \D \W \S, groups, (?:...), (?=...) (?!...), alternation, ^ $ \b, greedy and lazy * + ? {n,m}),
// matched over code points as `new RegExp(pattern, "u")` does, with an ASCII case-insensitive option.
//
// Why our own: std::regex cannot be compiled without exceptions (the page is), recurses once per input
// character (a long hostile string overflows the stack), and would add its weight to the page for a dozen
// short patterns. This matcher keeps one repeated single-character item (`\d+`, `[a-z]*`) a loop, bounds
// its recursion and its steps, and says so (Match::TooComplex) rather than guess when a bound is hit.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace pinlab {

class Pattern {
public:
    // nullptr (and `error` set) when the pattern uses syntax outside the subset or is malformed.
    static std::shared_ptr<const Pattern> compile(std::string_view pattern, bool ignore_case = false,
                                                  std::string* error = nullptr);
    enum class Match { No, Yes, TooComplex };
    // Whether the pattern matches somewhere in `text` (UTF-8), as RegExp.prototype.test does.
    Match search(std::string_view text) const;

    struct Node;  // the parsed expression (pattern.cpp)
    ~Pattern();

private:
    std::unique_ptr<Node> root_;
    bool ignore_case_ = false;
    bool anchored_ = false;  // every alternative starts with ^: only position 0 is tried
};

// A compiled pattern from a small per-thread cache (the spec's patterns are few and reused on every value).
// nullptr when the pattern does not compile.
std::shared_ptr<const Pattern> cached_pattern(const std::string& pattern, bool ignore_case = false);

}  // namespace pinlab
