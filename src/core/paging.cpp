// paging.cpp — see paging.h.
#include "core/paging.h"

#include "core/json_util.h"
#include "core/url.h"

namespace pinlab {

std::string answer_bookmark(const json& doc) { return json_string(doc, "bookmark"); }

std::string with_bookmark(std::string_view query, const std::string& bookmark) {
    Params out;
    bool set = false;
    for (auto& [k, v] : parse_query(query)) {
        if (k != "bookmark") {
            out.emplace_back(k, v);
        } else if (!set && !bookmark.empty()) {
            out.emplace_back(k, bookmark);  // where it was
            set = true;
        }
    }
    if (!set && !bookmark.empty()) out.emplace_back("bookmark", bookmark);
    return build_query(out);
}

std::optional<std::string> PageTrail::next(std::string_view query, const json& doc) {
    std::string b = answer_bookmark(doc);
    if (b.empty()) return std::nullopt;
    if (before.size() >= kMaxDepth) before.erase(before.begin());
    before.push_back(param(parse_query(query), "bookmark").value_or(""));
    return with_bookmark(query, b);
}

std::optional<std::string> PageTrail::previous(std::string_view query) {
    if (before.empty()) return std::nullopt;
    std::string b = before.back();
    before.pop_back();
    return with_bookmark(query, b);
}

}  // namespace pinlab
