// json.h — the one way this project includes nlohmann/json, and the rules for using it.
//
// Decision (made once for every build): exceptions are OFF in the WASM build, and
// JSON_NOEXCEPTION is defined for every target, native included, so a code path that would
// throw aborts in the native tests exactly as it would in the browser. Therefore:
//   - parse with pinlab::json_parse (never json::parse);
//   - never call .at(), get<T>() or operator[] on a const json without checking the type first;
//     use the checked getters in core/json_util.h;
//   - dump with pinlab::json_dump, which replaces invalid UTF-8 instead of throwing.
#pragma once

#ifndef JSON_NOEXCEPTION
#define JSON_NOEXCEPTION 1
#endif
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace pinlab {

using json = nlohmann::json;

// Returns nullopt for malformed input (never throws, never aborts). Parsed by core/json_reader (one pass
// into a compact document, then copied into nlohmann's types), so nlohmann's own parser is not linked
// into the page at all: one JSON parser for the whole project, and the page is ~10 KB gzip lighter.
std::optional<json> json_parse(std::string_view text);

// nlohmann's own parser: only the reference that tests and fuzz targets compare core/json_reader with.
inline std::optional<json> nlohmann_parse(std::string_view text) {
    json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return std::nullopt;
    return j;
}

// Serialises, replacing invalid UTF-8 with U+FFFD instead of throwing.
inline std::string json_dump(const json& j, int indent = -1) {
    return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace pinlab
