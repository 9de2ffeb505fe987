// practice.h — what Pinterest requires of a request body beyond its schema: fields the spec marks optional
// (its descriptions say otherwise) that the API refuses to do without. One table read by the emulator (its
// 400 messages) and by the Explorer (the body's skeleton starts with these fields, and its verdict names
// them instead of "valid against the schema").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace pinlab {

struct PracticeRule {
    const char* op;       // operationId
    const char* field;    // the body's top-level property
    const char* message;  // the API's 400 message when it is missing
    const char* ids;      // where the signed-in account's value comes from ("boards"), "" for none
};

// Every rule (the table).
const std::vector<PracticeRule>& practice_rules();
// The rules of one operation, in table order.
std::vector<const PracticeRule*> practice_rules_for(std::string_view op);
// The 400 message for `field` of `op`, "" when there is no such rule.
std::string practice_message(std::string_view op, std::string_view field);
// The practice-required fields `body` lacks (absent or null); empty for a body that is not an object too
// (the schema check speaks about that).
std::vector<std::string> practice_missing(std::string_view op, const json& body);
// "board_id and media_source".
std::string practice_list(const std::vector<std::string>& fields);
// "the schema allows it; Pinterest also requires board_id and media_source" for the missing fields.
std::string practice_verdict(const std::vector<std::string>& missing);

}  // namespace pinlab
