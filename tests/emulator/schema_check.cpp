// schema_check.cpp — see schema_check.h.
#include "schema_check.h"

#include <cctype>

namespace pinlab::emu::test {

namespace {

bool digits_only(const std::string& s) {
    if (s.empty()) return false;
    for (char ch : s)
        if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
    return true;
}

bool is_date(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

// Pinterest writes date-times as "2020-01-01T20:10:40" (optionally with fraction and offset).
bool is_datetime(const std::string& s) {
    if (s.size() < 19 || !is_date(s.substr(0, 10)) || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
    for (size_t i : {11, 12, 14, 15, 17, 18})
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

bool bool_at(const json& s, const char* key) {
    auto it = s.find(key);
    return it != s.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

const json* SchemaChecker::resolve(const json& schema) const {
    const json* s = &schema;
    for (int hops = 0; hops < 32 && s->is_object() && s->contains("$ref"); ++hops) {
        const json& ref = (*s)["$ref"];
        if (!ref.is_string()) return nullptr;
        std::string r = ref.get<std::string>();
        if (r.rfind("#/", 0) != 0) return nullptr;
        const json* cur = &spec_;
        size_t pos = 2;
        while (pos <= r.size()) {
            size_t slash = r.find('/', pos);
            std::string part = r.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
            if (!cur->is_object() || !cur->contains(part)) return nullptr;
            cur = &(*cur)[part];
            if (slash == std::string::npos) break;
            pos = slash + 1;
        }
        s = cur;
    }
    return s;
}

bool SchemaChecker::check(const json& schema, const json& value, std::string& error) const {
    return check_at(schema, value, "$", error, 0);
}

bool SchemaChecker::check_at(const json& schema_in, const json& v, const std::string& path, std::string& error,
                             int depth) const {
    if (depth > 64) {
        error = path + ": schema too deep";
        return false;
    }
    const json* sp = resolve(schema_in);
    if (!sp) {
        error = path + ": unresolvable $ref";
        return false;
    }
    const json& s = *sp;
    if (!s.is_object()) return true;
    if (v.is_null()) {
        // nullable may sit on this schema or on an allOf wrapper that led here.
        if (bool_at(s, "nullable")) return true;
        if (!s.contains("type") && !s.contains("allOf") && !s.contains("oneOf") && !s.contains("anyOf") &&
            !s.contains("properties") && !s.contains("enum"))
            return true;  // {} accepts anything
        error = path + ": null where the schema is not nullable";
        return false;
    }
    if (s.contains("allOf")) {
        for (const auto& sub : s["allOf"])
            if (!check_at(sub, v, path, error, depth + 1)) return false;
    }
    for (const char* key : {"oneOf", "anyOf"}) {
        if (!s.contains(key)) continue;
        // With a discriminator, validate against the mapped schema only (what clients do).
        if (s.contains("discriminator") && v.is_object()) {
            const json& d = s["discriminator"];
            std::string prop = d.value("propertyName", "");
            if (v.contains(prop) && v[prop].is_string() && d.contains("mapping") &&
                d["mapping"].contains(v[prop].get<std::string>())) {
                json ref = {{"$ref", d["mapping"][v[prop].get<std::string>()]}};
                if (!check_at(ref, v, path, error, depth + 1)) return false;
                continue;
            }
        }
        bool any = false;
        std::string first_error;
        for (const auto& sub : s[key]) {
            std::string e;
            if (check_at(sub, v, path, e, depth + 1)) {
                any = true;
                break;
            }
            if (first_error.empty()) first_error = e;
        }
        if (!any) {
            error = path + ": matches no " + key + " alternative (first: " + first_error + ")";
            return false;
        }
    }
    std::string type = s.contains("type") && s["type"].is_string() ? s["type"].get<std::string>() : "";
    if (type == "object" && !v.is_object()) {
        error = path + ": expected object, got " + v.type_name();
        return false;
    }
    if (type == "array" && !v.is_array()) {
        error = path + ": expected array, got " + v.type_name();
        return false;
    }
    if (type == "string" && !v.is_string()) {
        error = path + ": expected string, got " + v.type_name();
        return false;
    }
    if (type == "integer" && !v.is_number_integer()) {
        error = path + ": expected integer, got " + v.type_name();
        return false;
    }
    if (type == "number" && !v.is_number()) {
        error = path + ": expected number, got " + v.type_name();
        return false;
    }
    if (type == "boolean" && !v.is_boolean()) {
        error = path + ": expected boolean, got " + v.type_name();
        return false;
    }
    if (s.contains("enum") && s["enum"].is_array()) {
        bool found = false;
        for (const auto& e : s["enum"]) found = found || e == v;
        if (!found) {
            error = path + ": " + v.dump() + " is not in the enum";
            return false;
        }
    }
    if (v.is_string()) {
        const std::string& str = v.get_ref<const std::string&>();
        if (s.contains("maxLength") && str.size() > s["maxLength"].get<size_t>()) {
            error = path + ": longer than maxLength";
            return false;
        }
        if (s.contains("minLength") && str.size() < s["minLength"].get<size_t>()) {
            error = path + ": shorter than minLength";
            return false;
        }
        if (s.value("pattern", "") == "^\\d+$" && !digits_only(str)) {
            error = path + ": '" + str + "' does not match ^\\d+$";
            return false;
        }
        std::string fmt = s.value("format", "");
        if ((fmt == "date" && !is_date(str)) || (fmt == "date-time" && !is_datetime(str))) {
            error = path + ": '" + str + "' is not a " + fmt;
            return false;
        }
    }
    if (v.is_object()) {
        if (s.contains("required"))
            for (const auto& r : s["required"])
                if (r.is_string() && !v.contains(r.get<std::string>())) {
                    error = path + ": missing required '" + r.get<std::string>() + "'";
                    return false;
                }
        const json* props = s.contains("properties") ? &s["properties"] : nullptr;
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (props && props->contains(it.key())) {
                if (!check_at((*props)[it.key()], it.value(), path + "." + it.key(), error, depth + 1)) return false;
            } else if (s.contains("additionalProperties") && s["additionalProperties"].is_object()) {
                if (!check_at(s["additionalProperties"], it.value(), path + "." + it.key(), error, depth + 1)) return false;
            }
        }
    }
    if (v.is_array() && s.contains("items")) {
        for (size_t i = 0; i < v.size(); ++i)
            if (!check_at(s["items"], v[i], path + "[" + std::to_string(i) + "]", error, depth + 1)) return false;
    }
    return true;
}

}  // namespace pinlab::emu::test
