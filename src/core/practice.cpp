// practice.cpp — see practice.h.
#include "core/practice.h"

namespace pinlab {

const std::vector<PracticeRule>& practice_rules() {
    // Fields the schema leaves optional and Pinterest refuses to do without (its descriptions say so).
    static const std::vector<PracticeRule> rules = {
        {"pins/create", "board_id", "Invalid parameters. 'board_id' is required.", "boards"},
        {"pins/create", "media_source", "Invalid parameters. 'media_source' is required.", ""},
        {"verify_website/update", "website", "Invalid parameters. 'website' is required.", ""},
    };
    return rules;
}

std::vector<const PracticeRule*> practice_rules_for(std::string_view op) {
    std::vector<const PracticeRule*> out;
    for (const PracticeRule& r : practice_rules())
        if (op == r.op) out.push_back(&r);
    return out;
}

std::string practice_message(std::string_view op, std::string_view field) {
    for (const PracticeRule& r : practice_rules())
        if (op == r.op && field == r.field) return r.message;
    return {};
}

std::vector<std::string> practice_missing(std::string_view op, const json& body) {
    std::vector<std::string> out;
    if (!body.is_object()) return out;
    for (const PracticeRule* r : practice_rules_for(op)) {
        auto it = body.find(r->field);
        if (it == body.end() || it->is_null()) out.push_back(r->field);
    }
    return out;
}

std::string practice_list(const std::vector<std::string>& fields) {
    std::string list;
    for (size_t i = 0; i < fields.size(); ++i)
        list += (i == 0 ? "" : i + 1 == fields.size() ? " and " : ", ") + fields[i];
    return list;
}

std::string practice_verdict(const std::vector<std::string>& missing) {
    if (missing.empty()) return {};
    return "the schema allows it; Pinterest also requires " + practice_list(missing);
}

}  // namespace pinlab
