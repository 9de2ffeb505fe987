// param_style.cpp — see param_style.h.
#include "core/param_style.h"

#include <algorithm>
#include <cctype>

#include "core/json_util.h"

namespace pinlab {

namespace {

bool has(const std::vector<std::string>& items, const std::string& v) {
    return std::find(items.begin(), items.end(), v) != items.end();
}

// `chosen` in the enum's order, then anything chosen that the enum does not name.
std::string in_enum_order(const std::vector<std::string>& chosen, const std::vector<std::string>& options) {
    std::vector<std::string> out;
    for (const std::string& o : options)
        if (has(chosen, o) && !has(out, o)) out.push_back(o);
    for (const std::string& c : chosen)
        if (!has(options, c) && !has(out, c)) out.push_back(c);
    return join_list(out);
}

}  // namespace

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i <= text.size()) {
        size_t comma = text.find(',', i);
        std::string_view item = text.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i);
        while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front()))) item.remove_prefix(1);
        while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back()))) item.remove_suffix(1);
        if (!item.empty()) out.emplace_back(item);
        if (comma == std::string_view::npos) break;
        i = comma + 1;
    }
    return out;
}

std::string join_list(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items) out += (out.empty() ? "" : ",") + s;
    return out;
}

bool param_explodes(const json& param) {
    if (const json* e = json_field(param, "explode"); e && e->is_boolean()) return e->get<bool>();
    // OpenAPI's default: explode is true for style=form (a query's default style), false for the others.
    std::string style = json_string(param, "style", json_string(param, "in") == "query" ? "form" : "simple");
    return style == "form";
}

Params array_param_pairs(const std::string& name, std::string_view text, bool explode) {
    Params out;
    std::vector<std::string> items = split_list(text);
    if (items.empty()) return out;
    if (!explode) {
        out.emplace_back(name, join_list(items));
        return out;
    }
    for (std::string& v : items) out.emplace_back(name, std::move(v));
    return out;
}

std::vector<size_t> filter_options(const std::vector<std::string>& options, std::string_view filter) {
    std::vector<size_t> out;
    auto lower = [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); };
    // Case, spaces and underscores do not count: "total click" finds TOTAL_CLICKTHROUGH.
    auto key = [&](std::string_view text) {
        std::string k;
        for (char ch : text)
            if (!std::isspace(static_cast<unsigned char>(ch)) && ch != '_') k += lower(ch);
        return k;
    };
    std::string f = key(filter);
    for (size_t i = 0; i < options.size(); ++i) {
        std::string o = key(options[i]);
        if (f.empty() || o.find(f) != std::string::npos) out.push_back(i);
    }
    return out;
}

std::string toggle_choice(std::string_view text, const std::vector<std::string>& options, const std::string& value) {
    std::vector<std::string> chosen = split_list(text);
    auto it = std::find(chosen.begin(), chosen.end(), value);
    if (it == chosen.end()) chosen.push_back(value);
    else chosen.erase(it);
    return in_enum_order(chosen, options);
}

std::string choose_all(std::string_view text, const std::vector<std::string>& options, const std::vector<size_t>& shown) {
    std::vector<std::string> chosen = split_list(text);
    for (size_t i : shown)
        if (i < options.size()) chosen.push_back(options[i]);
    return in_enum_order(chosen, options);
}

std::string choose_none(std::string_view text, const std::vector<std::string>& options, const std::vector<size_t>& shown) {
    std::vector<std::string> chosen = split_list(text), kept;
    for (const std::string& c : chosen) {
        bool hidden = true;
        for (size_t i : shown)
            if (i < options.size() && options[i] == c) hidden = false;
        if (hidden) kept.push_back(c);
    }
    return in_enum_order(kept, options);
}

}  // namespace pinlab
