// variables.cpp — see variables.h.
#include "core/variables.h"

#include <algorithm>
#include <cctype>

#include "core/json_writer.h"

namespace pinlab {

namespace {

// A reference at text[i] ("{{name}}"): its name and length, or nullopt.
std::optional<std::pair<std::string, size_t>> reference_at(std::string_view text, size_t i) {
    if (text.compare(i, 2, "{{") != 0) return std::nullopt;
    size_t end = text.find("}}", i + 2);
    if (end == std::string_view::npos) return std::nullopt;
    std::string_view name = text.substr(i + 2, end - i - 2);
    if (!valid_variable_name(name)) return std::nullopt;
    return std::make_pair(std::string(name), end + 2 - i);
}

void note_missing(std::vector<std::string>& missing, const std::string& name) {
    if (std::find(missing.begin(), missing.end(), name) == missing.end()) missing.push_back(name);
}

// The value as it stands outside a JSON string: itself when it is a JSON scalar literal, else quoted.
std::string json_literal(const std::string& v) {
    if (v == "true" || v == "false" || v == "null") return v;
    auto parsed = json_parse(v);
    if (parsed && parsed->is_number()) return v;
    return json_dump(json(v));
}

// The value inside a JSON string: json_dump's escaping without the quotes.
std::string json_escaped(const std::string& v) {
    std::string q;
    json_put_string(q, v);
    return q.substr(1, q.size() - 2);
}

// The scan both substitutions share: each {{name}} with a value becomes value_text(value, in_string), one
// without stays as written and is noted missing. With `json_text`, a '"' opens or closes a JSON string and
// an escape inside one is copied whole.
template <typename ValueText>
Substituted substitute_scan(std::string_view text, const Variables& vars, bool json_text, ValueText value_text) {
    Substituted out;
    bool in_string = false;
    for (size_t i = 0; i < text.size();) {
        char ch = text[i];
        if (json_text && in_string && ch == '\\' && i + 1 < text.size()) {  // an escape: both characters as they are
            out.text.append(text.substr(i, 2));
            i += 2;
            continue;
        }
        auto ref = reference_at(text, i);
        if (!ref) {
            if (json_text && ch == '"') in_string = !in_string;
            out.text += ch;
            ++i;
            continue;
        }
        auto v = vars.find(ref->first);
        if (v == vars.end()) {
            note_missing(out.missing, ref->first);
            out.text.append(text.substr(i, ref->second));
        } else {
            out.text += value_text(v->second, in_string);
        }
        i += ref->second;
    }
    return out;
}

}  // namespace

bool valid_variable_name(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    for (char ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '.' && ch != '-') return false;
    return true;
}

Substituted substitute_param(std::string_view text, const Variables& vars) {
    return substitute_scan(text, vars, false, [](const std::string& v, bool) { return v; });
}

Substituted substitute_body(std::string_view text, const Variables& vars) {
    return substitute_scan(text, vars, true, [](const std::string& v, bool in_string) {
        return in_string ? json_escaped(v) : json_literal(v);
    });
}

std::vector<std::string> variable_references(std::string_view text) {
    std::vector<std::string> out;
    for (size_t i = 0; i < text.size(); ++i)
        if (auto ref = reference_at(text, i)) {
            note_missing(out, ref->first);
            i += ref->second - 1;
        }
    return out;
}

const json* resolve_pointer(const json& doc, const std::string& pointer, std::string* json_path) {
    const json* cur = &doc;
    size_t i = 0;
    if (!pointer.empty() && pointer[0] != '/') return nullptr;
    if (json_path) *json_path = "$";
    while (i < pointer.size()) {
        size_t next = pointer.find('/', i + 1);
        std::string token(pointer.substr(i + 1, next == std::string::npos ? std::string::npos : next - i - 1));
        std::string key;
        for (size_t k = 0; k < token.size(); ++k) {
            if (token[k] == '~' && k + 1 < token.size() && (token[k + 1] == '0' || token[k + 1] == '1')) {
                key += token[k + 1] == '0' ? '~' : '/';
                ++k;
            } else {
                key += token[k];
            }
        }
        if (cur->is_object()) {
            auto it = cur->find(key);
            if (it == cur->end()) return nullptr;
            cur = &*it;
            if (json_path) {
                // $.name where the key is an identifier, else $['key'] with ' and \ escaped.
                const bool plain = !key.empty() && !std::isdigit(static_cast<unsigned char>(key[0])) &&
                                   std::all_of(key.begin(), key.end(), [](char c) {
                                       return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                                   });
                if (plain) {
                    *json_path += "." + key;
                } else {
                    *json_path += "['";
                    for (char c : key) *json_path += c == '\'' || c == '\\' ? std::string("\\") + c : std::string(1, c);
                    *json_path += "']";
                }
            }
        } else if (cur->is_array()) {
            if (key.empty() || key.size() > 9 || !std::all_of(key.begin(), key.end(), ::isdigit)) return nullptr;
            size_t index = 0;
            for (char d : key) index = index * 10 + static_cast<size_t>(d - '0');
            if (index >= cur->size()) return nullptr;
            cur = &(*cur)[index];
            if (json_path) *json_path += "[" + key + "]";
        } else {
            return nullptr;
        }
        if (next == std::string::npos) break;
        i = next;
    }
    return cur;
}

std::optional<std::string> variable_from_answer(const json& doc, const std::string& pointer) {
    const json* cur = resolve_pointer(doc, pointer, nullptr);
    if (!cur) return std::nullopt;
    std::string text = cur->is_string() ? cur->get<std::string>() : json_dump(*cur);
    if (text.size() > kMaxVariableValue) return std::nullopt;
    return text;
}

bool set_variable(Variables& vars, const std::string& name, const std::string& value) {
    if (!valid_variable_name(name) || value.size() > kMaxVariableValue) return false;
    if (!vars.count(name) && vars.size() >= kMaxVariables) return false;
    vars[name] = value;
    return true;
}

json variables_to_json(const Variables& vars) {
    json out = json::object();
    for (const auto& [k, v] : vars) out[k] = v;
    return out;
}

Variables variables_from_json(const json& j) {
    Variables out;
    if (!j.is_object()) return out;
    for (auto it = j.begin(); it != j.end(); ++it)
        if (it->is_string()) set_variable(out, it.key(), it->get<std::string>());
    return out;
}

}  // namespace pinlab
