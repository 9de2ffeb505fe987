// json_budget.cpp — counting a JSON body's values and depth without parsing it (see json_budget.h).
#include "server/json_budget.h"

namespace pinlab::server {

JsonCost json_cost(std::string_view text, size_t max_elements, int max_depth) {
    JsonCost cost;
    int depth = 0;
    bool after_structural = true;  // a scalar starts right after '[', '{', ',', ':' or the start
    for (size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (ch == '"') {  // a string or member name: one value, skipped to its closing quote
            ++cost.elements;
            for (++i; i < text.size() && text[i] != '"'; ++i)
                if (text[i] == '\\') ++i;
            after_structural = false;
        } else if (ch == '[' || ch == '{') {
            ++cost.elements;
            if (++depth > cost.depth) cost.depth = depth;
            after_structural = true;
        } else if (ch == ']' || ch == '}') {
            --depth;
            after_structural = false;
        } else if (ch == ',' || ch == ':') {
            after_structural = true;
        } else if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            continue;
        } else {  // a number, true, false or null: counted at its first byte
            if (after_structural) ++cost.elements;
            after_structural = false;
        }
        if (cost.elements > max_elements || cost.depth > max_depth) break;
    }
    return cost;
}

std::string json_over_budget(std::string_view text, size_t max_elements, int max_depth, int& status) {
    JsonCost cost = json_cost(text, max_elements, max_depth);
    if (cost.depth > max_depth) {
        status = 400;
        return "Invalid parameters. The request body nests deeper than " + std::to_string(max_depth) +
               " levels (pinlab-server --max-json-depth N raises it).";
    }
    if (cost.elements > max_elements) {
        status = 413;
        return "Request body too complex: more than " + std::to_string(max_elements) +
               " JSON values (pinlab-server --max-json-elements N raises it).";
    }
    return {};
}

}  // namespace pinlab::server
