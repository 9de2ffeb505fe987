// paging.h — walking a list operation's pages: Pinterest answers a page with {"items", "bookmark"} and the
// next page is the same request with ?bookmark=<it>. A trail of the bookmarks that led to the page shown
// gives Previous (the API itself only goes forward).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace pinlab {

// The answer's bookmark; "" when it has none (null or absent: the last page).
std::string answer_bookmark(const json& doc);
// `query` ("a=1&bookmark=x", no '?') with its bookmark set to `bookmark` (removed when ""), the other
// parameters in their order.
std::string with_bookmark(std::string_view query, const std::string& bookmark);

struct PageTrail {
    static constexpr size_t kMaxDepth = 1000;  // pages remembered (a bookmark is ~100 bytes)
    std::vector<std::string> before;  // the bookmark of each page before the one shown ("" = the first)

    // The query of the page after the one shown (whose request was `query` and answer `doc`); nullopt on the
    // last page. Remembers the shown page's bookmark for previous().
    std::optional<std::string> next(std::string_view query, const json& doc);
    // The query of the page before the one shown; nullopt on the first.
    std::optional<std::string> previous(std::string_view query);
    void reset() { before.clear(); }
};

}  // namespace pinlab
