// text.h — small string helpers shared by the client, the emulator and the server: prefixes, ASCII
// case, digit runs, UTF-8 counting and checking, split/join and HTML escaping. Byte-oriented and
// locale-free on purpose: they parse protocol text (paths, headers, ids), not prose.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pinlab {

// [SECTION] Prefixes and case
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
bool iequals(std::string_view a, std::string_view b);  // ASCII case-insensitive (header names, schemes)
std::string ascii_lower(std::string_view s);           // A-Z only; other bytes unchanged

// [SECTION] Digits
// ^\d+$: non-empty, ASCII digits only, and at most `max_len` of them (the emulator's ids: 20, a uint64).
bool is_digits(std::string_view s, size_t max_len = std::string_view::npos);
// The number a string is_digits accepted stands for, when it has at most 19 digits (so it fits). Instead of
// std::stoi/stoull on checked text: their error path prints with printf, which the Demo worker's first
// module otherwise does without.
uint64_t digits_value(std::string_view digits);

// [SECTION] UTF-8
bool utf8_valid(std::string_view s);    // well-formed lead/continuation structure (overlongs not checked)
size_t utf8_length(std::string_view s); // code points, counted as bytes that are not continuation bytes
// The largest position <= pos that does not cut a UTF-8 sequence (pos is clamped to s.size()).
size_t utf8_floor(std::string_view s, size_t pos);

// [SECTION] Lists
// Every piece between separators, empty ones included: split("a,,b", ',') = {"a", "", "b"}; split("", ',') = {""}.
std::vector<std::string> split(std::string_view s, char sep);
// The same pieces as views into `s` (valid while s is): for text already bounded, split without copies.
std::vector<std::string_view> split_views(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);

// [SECTION] HTML
std::string html_escape(std::string_view s);  // & < > " ' as entities: safe in text and quoted attributes

}  // namespace pinlab
