// json_budget.h — a JSON body's cost, counted before it is parsed: one pass over the bytes that
// builds nothing, so a body of millions of tiny values (`{"x":[1,1,1,...]}`, 16 MiB of it parses
// into ~8 million nodes) is refused for the price of reading it, and only bodies within the budget
// are parsed at all.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pinlab::server {

struct JsonCost {
    size_t elements = 0;  // values, member names included (an upper bound on the nodes a parse makes)
    int depth = 0;        // deepest nesting of arrays and objects
};

// Counts up to the budget and stops there (the counts are then just past it). Malformed text is
// counted as far as it goes: the parser refuses it afterwards.
JsonCost json_cost(std::string_view text, size_t max_elements, int max_depth);

// nullopt-like: empty when `text` is within the budget; else the sentence for the refusal, with its
// HTTP status in `status` (413 for too many values, 400 for too deep).
std::string json_over_budget(std::string_view text, size_t max_elements, int max_depth, int& status);

}  // namespace pinlab::server
