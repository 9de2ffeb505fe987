// json_writer.h — JSON text appended straight to a string, byte for byte what nlohmann's dump (json_dump in
// core/json.h) writes for the same value. For answers written on every request (the emulator's boards, pins,
// errors, tokens): no json tree is built and freed, and the Demo worker's first module carries neither
// nlohmann's serializer nor printf. Object keys are the caller's to write, in nlohmann's order (std::map:
// bytewise ascending). tests/core/test_json_writer.cpp compares every function with nlohmann's dump.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pinlab {

// A string value: quoted; \" \\ \b \f \n \r \t and the other control characters as \u00xx (lowercase hex);
// '/', DEL and UTF-8 copied as they are; each invalid UTF-8 sequence replaced by U+FFFD, exactly where
// nlohmann's error_handler_t::replace puts it (a stray byte is one U+FFFD; a sequence cut short is one, and
// the byte that cut it is read again).
void json_put_string(std::string& out, std::string_view s);
// A string, or null when absent.
void json_put_opt(std::string& out, const std::optional<std::string>& s);
void json_put_int(std::string& out, int64_t v);
// `v` stored as a double, as nlohmann writes a whole double: its digits and ".0" ("1234.0", "-3.0", "0.0").
// Exact for |v| < 10^15 only (nlohmann writes larger ones with an exponent); callers hold small counts.
void json_put_whole_double(std::string& out, int64_t v);

}  // namespace pinlab
