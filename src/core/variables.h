// variables.h — named values carried between requests ("{{board_id}}"): saved from an answer, used in any
// parameter or body of the Explorer, kept with saved requests. Substitution happens before a request is
// built, so what is sent, logged and copied (curl, fetch, Python) carries the values, never the names.
//
// A name is 1–64 of [A-Za-z0-9_.-]. Where a reference stands decides how its value is written:
//   - a parameter: the value as it is (the URL builder percent-encodes it like anything typed);
//   - a body, inside a JSON string ("{{title}} and more"): the value escaped for a JSON string;
//   - a body, outside a string ("count": {{n}}): the value itself when it is a JSON number, true, false or
//     null, else a JSON string of it (so a board id "123" stays the string the API expects when quoted, and
//     text never breaks the document).
// A reference to a name that is not set is left as written and reported, so nothing is sent with a guess.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace pinlab {

using Variables = std::map<std::string, std::string>;

constexpr size_t kMaxVariables = 100;
constexpr size_t kMaxVariableValue = 4096;

bool valid_variable_name(std::string_view name);

struct Substituted {
    std::string text;
    std::vector<std::string> missing;  // names referenced and not set (each once, in order of appearance)
};

Substituted substitute_param(std::string_view text, const Variables& vars);
Substituted substitute_body(std::string_view text, const Variables& vars);
// The names `text` refers to (each once).
std::vector<std::string> variable_references(std::string_view text);

// A value of an answer as a variable's text: a string as it is, anything else as compact JSON; nullopt
// when `pointer` (RFC 6901) names nothing or the text would pass kMaxVariableValue.
std::optional<std::string> variable_from_answer(const json& doc, const std::string& pointer);
// The value `pointer` (RFC 6901) names in `doc`, or nullptr; `json_path`, when given, gets the same place
// written as JSONPath ("$.items[0].id", "$['odd key']"), the form tools such as jq and Postman tests read.
const json* resolve_pointer(const json& doc, const std::string& pointer, std::string* json_path);
// Sets `name` (false, unchanged, for a bad name, a value too long or a full set).
bool set_variable(Variables& vars, const std::string& name, const std::string& value);

// Stored form: {"name": "value", …}; from_json keeps only valid, bounded entries.
json variables_to_json(const Variables& vars);
Variables variables_from_json(const json& j);

}  // namespace pinlab
