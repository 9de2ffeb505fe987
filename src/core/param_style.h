// param_style.h — array parameters: how the Explorer's form keeps a multi-select ("A,B,C", the enum's
// order) and how it goes on the wire as the spec's style says (OpenAPI 3: a query parameter is
// style=form; explode=true, the default, repeats the name, "pin_ids=1&pin_ids=2"; explode=false joins
// the values with commas, "columns=SPEND_IN_DOLLAR,CTR").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/url.h"

namespace pinlab {

// The items of a list as typed or kept: split at commas, spaces around them dropped, empty items skipped.
std::vector<std::string> split_list(std::string_view text);
std::string join_list(const std::vector<std::string>& items);

// Whether a flattened parameter (the spec service's /_spec/op "params" row: "in", "style"?, "explode"?)
// repeats its name per value.
bool param_explodes(const json& param);
// The query pairs of an array parameter's form text.
Params array_param_pairs(const std::string& name, std::string_view text, bool explode);

// [SECTION] the multi-select over an enum
// The options whose text contains `filter` (case, spaces and underscores aside), as indexes into `options`.
std::vector<size_t> filter_options(const std::vector<std::string>& options, std::string_view filter);
// The form text with `value` added or removed, items in the enum's order (items not in it kept at the end).
std::string toggle_choice(std::string_view text, const std::vector<std::string>& options, const std::string& value);
// Every option in `shown` selected (select all), or none of them (keeping choices the filter hides).
std::string choose_all(std::string_view text, const std::vector<std::string>& options, const std::vector<size_t>& shown);
std::string choose_none(std::string_view text, const std::vector<std::string>& options, const std::vector<size_t>& shown);

}  // namespace pinlab
