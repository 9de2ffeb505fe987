// schema.cpp — see schema.h.
//
// Patterns: the spec uses 17 distinct regular expressions, most of them digit-only ids. We check the ones
// a value commonly breaks (digit ids with their optional "AG"/"C" prefix, dates, URL schemes) by hand and
// accept the rest: std::regex cannot be compiled without exceptions, and a regex engine would cost the
// worker more than the few loose patterns (base64 alphabets, "not only digits") are worth.
#include "core/schema.h"

#include <cctype>
#include <algorithm>
#include <cmath>
#include <optional>

#include "core/json_util.h"

namespace pinlab {

namespace {

bool digits(std::string_view s) {
    if (s.empty()) return false;
    for (char ch : s)
        if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
    return true;
}

bool is_date(std::string_view s) {
    return s.size() == 10 && s[4] == '-' && s[7] == '-' && digits(s.substr(0, 4)) && digits(s.substr(5, 2)) &&
           digits(s.substr(8, 2));
}

// Pinterest writes date-times as "2020-01-01T20:10:40" (optionally with a fraction and an offset or Z).
bool is_datetime(std::string_view s) {
    return s.size() >= 19 && is_date(s.substr(0, 10)) && (s[10] == 'T' || s[10] == ' ') && s[13] == ':' &&
           s[16] == ':' && digits(s.substr(11, 2)) && digits(s.substr(14, 2)) && digits(s.substr(17, 2));
}

// nullopt: a pattern this checker does not know (accepted).
std::optional<bool> matches_pattern(const std::string& pattern, std::string_view v) {
    if (pattern == "^\\d+$" || pattern == "^[0-9]+$") return digits(v);
    if (pattern == "^(AG)?\\d+$") return digits(v.substr(v.rfind("AG", 0) == 0 ? 2 : 0));
    if (pattern == "^[C]?\\d+$") return digits(v.substr(!v.empty() && v[0] == 'C' ? 1 : 0));
    if (pattern == "^((AG)|C)?\\d+$")
        return digits(v.substr(v.rfind("AG", 0) == 0 ? 2 : (!v.empty() && v[0] == 'C' ? 1 : 0)));
    if (pattern == "^(\\d{4})-(\\d{2})-(\\d{2})$" || pattern == "^\\d{4}-\\d{2}-\\d{2}$") return is_date(v);
    if (pattern == "^(http|https|ftp|sftp)://") {
        for (const char* scheme : {"http://", "https://", "ftp://", "sftp://"})
            if (v.rfind(scheme, 0) == 0) return true;
        return false;
    }
    return std::nullopt;
}

bool flag(const json& s, const char* key) {
    const json* v = json_field(s, key);
    return v && v->is_boolean() && v->get<bool>();
}

const char* value_type(const json& v) { return json_type_name(v); }

// A count limit (minItems, maxLength, ...): a non-negative integer, however the JSON stored it.
std::optional<size_t> limit(const json& s, const char* key) {
    const json* v = json_field(s, key);
    if (!v || !v->is_number_integer() || v->get<int64_t>() < 0) return std::nullopt;
    return static_cast<size_t>(v->get<int64_t>());
}

struct Validator {
    const Catalogue& c;
    const SchemaOptions& o;
    std::vector<SchemaIssue>& out;

    bool full() const { return out.size() >= o.max_issues; }
    void add(const std::string& ptr, std::string msg) {
        if (!full()) out.push_back({ptr, std::move(msg)});
    }

    // Validates into a scratch list: used for oneOf/anyOf alternatives.
    size_t count(const json& schema, const json& v, const std::string& ptr, int depth,
                 std::vector<SchemaIssue>* issues = nullptr) const {
        std::vector<SchemaIssue> scratch;
        SchemaOptions so = o;
        so.max_issues = 8;
        Validator sub{c, so, scratch};
        sub.check(schema, v, ptr, depth);
        if (issues) *issues = scratch;
        return scratch.size();
    }

    void check(const json& schema_in, const json& v, const std::string& ptr, int depth) {
        if (full()) return;
        if (depth > 48) return add(ptr, "schema nested too deeply to check");
        const json* sp = c.resolve(schema_in);
        if (!sp) return add(ptr, "the schema has a dangling reference");
        const json& s = *sp;
        if (!s.is_object()) return;
        if (v.is_null()) {
            if (flag(s, "nullable") || flag(schema_in, "nullable")) return;
            if (!json_field(s, "type") && !json_field(s, "allOf") && !json_field(s, "oneOf") &&
                !json_field(s, "anyOf") && !json_field(s, "properties") && !json_field(s, "enum"))
                return;  // {} accepts anything
            // An allOf of one nullable reference is how the spec writes "nullable X".
            return add(ptr, "null where a value is required");
        }
        if (const json* all = json_field(s, "allOf"); all && all->is_array())
            for (const json& sub : *all) check(sub, v, ptr, depth + 1);
        for (const char* key : {"oneOf", "anyOf"}) {
            const json* alts = json_field(s, key);
            if (!alts || !alts->is_array() || alts->empty()) continue;
            if (const json* d = json_field(s, "discriminator"); d && v.is_object()) {
                std::string prop = json_string(*d, "propertyName");
                const json* tag = json_field(v, prop);
                const json* mapping = json_field(*d, "mapping");
                if (tag && tag->is_string() && mapping) {
                    if (const json* target = json_field(*mapping, tag->get_ref<const std::string&>());
                        target && target->is_string()) {
                        check(json{{"$ref", *target}}, v, ptr, depth + 1);
                        continue;
                    }
                }
            }
            size_t best = SIZE_MAX;
            std::vector<SchemaIssue> best_issues;
            for (const json& alt : *alts) {
                std::vector<SchemaIssue> issues;
                size_t n = count(alt, v, ptr, depth + 1, &issues);
                if (n == 0) {
                    best = 0;
                    break;
                }
                if (n < best) best = n, best_issues = std::move(issues);
            }
            if (best != 0) {
                // Report the closest alternative's mismatches: they say what to change.
                add(ptr, std::string("matches none of the ") + key + " alternatives; the closest differs in:");
                for (auto& i : best_issues) add(i.pointer, i.message);
            }
        }
        std::string type = json_string(s, "type");
        auto wrong = [&](const char* want) { add(ptr, std::string("expected ") + want + ", got " + value_type(v)); };
        if (type == "object" && !v.is_object()) return wrong("object");
        if (type == "array" && !v.is_array()) return wrong("array");
        if (type == "string" && !v.is_string()) return wrong("string");
        if (type == "integer" && !v.is_number_integer() &&
            !(v.is_number_float() && std::floor(v.get<double>()) == v.get<double>()))
            return wrong("integer");
        if (type == "number" && !v.is_number()) return wrong("number");
        if (type == "boolean" && !v.is_boolean()) return wrong("boolean");
        if (const json* e = json_field(s, "enum"); e && e->is_array()) {
            bool found = false;
            for (const json& x : *e) found = found || x == v;
            if (!found) {
                std::string allowed;
                size_t shown = 0;
                for (const json& x : *e) {
                    if (shown++ == 12) {
                        allowed += ", …";
                        break;
                    }
                    allowed += (allowed.empty() ? "" : ", ") + json_dump(x);
                }
                add(ptr, json_dump(v).substr(0, 80) + " is not one of " + allowed);
            }
        }
        if (v.is_string()) check_string(s, v.get_ref<const std::string&>(), ptr);
        if (v.is_number()) {
            double x = v.get<double>();
            if (const json* mn = json_field(s, "minimum"); mn && mn->is_number() && x < mn->get<double>())
                add(ptr, json_dump(v) + " is below the minimum " + json_dump(*mn));
            if (const json* mx = json_field(s, "maximum"); mx && mx->is_number() && x > mx->get<double>())
                add(ptr, json_dump(v) + " is above the maximum " + json_dump(*mx));
        }
        if (v.is_object()) check_object(s, v, ptr, depth);
        if (v.is_array()) {
            if (auto mn = limit(s, "minItems"); mn && v.size() < *mn)
                add(ptr, "has " + std::to_string(v.size()) + " items, fewer than the minimum " + std::to_string(*mn));
            if (auto mx = limit(s, "maxItems"); mx && v.size() > *mx)
                add(ptr, "has " + std::to_string(v.size()) + " items, more than the maximum " + std::to_string(*mx));
            if (const json* items = json_field(s, "items"))
                for (size_t i = 0; i < v.size() && !full(); ++i) check(*items, v[i], ptr + "/" + std::to_string(i), depth + 1);
        }
    }

    void check_string(const json& s, const std::string& str, const std::string& ptr) {
        size_t chars = 0;  // code points, as JSON Schema counts length
        for (unsigned char ch : str) chars += (ch & 0xC0) != 0x80;
        if (auto mx = limit(s, "maxLength"); mx && chars > *mx)
            add(ptr, "is " + std::to_string(chars) + " characters, longer than the maximum " + std::to_string(*mx));
        if (auto mn = limit(s, "minLength"); mn && chars < *mn)
            add(ptr, "is " + std::to_string(chars) + " characters, shorter than the minimum " + std::to_string(*mn));
        if (const json* p = json_field(s, "pattern"); p && p->is_string()) {
            auto m = matches_pattern(p->get_ref<const std::string&>(), str);
            if (m && !*m) add(ptr, "'" + str.substr(0, 60) + "' does not match " + p->get<std::string>());
        }
        std::string fmt = json_string(s, "format");
        if (fmt == "date" && !is_date(str)) add(ptr, "'" + str.substr(0, 60) + "' is not a date (YYYY-MM-DD)");
        if (fmt == "date-time" && !is_datetime(str))
            add(ptr, "'" + str.substr(0, 60) + "' is not a date-time (YYYY-MM-DDThh:mm:ss)");
    }

    void check_object(const json& s, const json& v, const std::string& ptr, int depth) {
        const json* props = json_field(s, "properties");
        if (const json* req = json_field(s, "required"); req && req->is_array()) {
            for (const json& r : *req) {
                if (!r.is_string() || v.contains(r.get_ref<const std::string&>())) continue;
                const json* ps = props ? json_field(*props, r.get_ref<const std::string&>()) : nullptr;
                const json* rs = ps ? c.resolve(*ps) : nullptr;
                if (o.request && ((ps && flag(*ps, "readOnly")) || (rs && flag(*rs, "readOnly")))) continue;
                add(ptr + "/" + pointer_token(r.get<std::string>()),
                    "missing required property '" + r.get<std::string>() + "'");
            }
        }
        const json* extra = json_field(s, "additionalProperties");
        for (auto it = v.begin(); it != v.end() && !full(); ++it) {
            std::string child = ptr + "/" + pointer_token(it.key());
            if (const json* ps = props ? json_field(*props, it.key()) : nullptr) {
                check(*ps, it.value(), child, depth + 1);
            } else if (extra && extra->is_object()) {
                check(*extra, it.value(), child, depth + 1);
            } else if (extra && extra->is_boolean() && !extra->get<bool>()) {
                add(child, "property '" + it.key() + "' is not allowed here");
            }
        }
    }
};

// An object schema's properties and required names, with those of its allOf parts folded in.
void flatten(const Catalogue& c, const json& schema_in, json& props, json& required, int depth) {
    const json* sp = c.resolve(schema_in);
    if (!sp || !sp->is_object() || depth > 12) return;
    if (const json* all = json_field(*sp, "allOf"); all && all->is_array())
        for (const json& part : *all) flatten(c, part, props, required, depth + 1);
    if (const json* p = json_field(*sp, "properties"); p && p->is_object())
        for (auto it = p->begin(); it != p->end(); ++it) props[it.key()] = it.value();
    if (const json* r = json_field(*sp, "required"); r && r->is_array())
        for (const json& name : *r) required.push_back(name);
}

json skeleton(const Catalogue& c, const json& schema_in, bool all, int depth) {
    const json* sp = c.resolve(schema_in);
    if (!sp || !sp->is_object() || depth > 12) return nullptr;
    const json& s = *sp;
    // The spec's example or default, when it is itself valid (some examples are partial).
    for (const char* key : {"example", "default"}) {
        const json* ex = json_field(s, key);
        if (!ex || ex->is_null()) continue;
        SchemaOptions o;
        o.request = true;
        o.max_issues = 1;
        if (validate_schema(c, s, *ex, o).empty()) return *ex;
    }
    if (const json* e = json_field(s, "enum"); e && e->is_array() && !e->empty()) return (*e)[0];
    // oneOf/anyOf: with a discriminator, the first mapped schema with its discriminator set to the mapping's
    // key; else the first alternative whose skeleton conforms to the whole schema. An object schema that also
    // has properties of its own merges them in below.
    json alt_value;
    bool has_alt = false;
    for (const char* key : {"oneOf", "anyOf"}) {
        const json* alts = json_field(s, key);
        if (has_alt || !alts || !alts->is_array() || alts->empty()) continue;
        has_alt = true;
        const json* d = json_field(s, "discriminator");
        const json* mapping = d ? json_field(*d, "mapping") : nullptr;
        if (mapping && mapping->is_object() && !mapping->empty() && mapping->begin()->is_string()) {
            alt_value = skeleton(c, json{{"$ref", *mapping->begin()}}, all, depth + 1);
            if (alt_value.is_object()) alt_value[json_string(*d, "propertyName")] = mapping->begin().key();
            continue;
        }
        alt_value = skeleton(c, (*alts)[0], all, depth + 1);
        for (const json& alt : *alts) {
            json candidate = skeleton(c, alt, all, depth + 1);
            SchemaOptions o;
            o.request = true;
            o.max_issues = 1;
            if (validate_schema(c, s, candidate, o).empty()) {
                alt_value = candidate;
                break;
            }
        }
    }
    if (has_alt && !json_field(s, "properties") && !json_field(s, "allOf")) return alt_value;
    std::string type = json_string(s, "type");
    const json* allof = json_field(s, "allOf");
    if (type != "object" && allof && allof->is_array() && !allof->empty() && !json_field(s, "properties")) {
        // "allOf: [X]" is X (often with nullable or a description); scalars take the first part's value.
        json first = skeleton(c, (*allof)[0], all, depth + 1);
        if (allof->size() == 1 || !first.is_object()) return first;
    }
    if (type.empty() && (json_field(s, "properties") || allof)) type = "object";
    if (type == "object") {
        json props = json::object(), required = json::array(), out = json::object();
        flatten(c, s, props, required, 0);
        for (auto it = props.begin(); it != props.end(); ++it) {
            bool req = false;
            for (const json& r : required) req = req || (r.is_string() && r.get_ref<const std::string&>() == it.key());
            const json* rs = c.resolve(it.value());
            bool read_only = flag(it.value(), "readOnly") || (rs && flag(*rs, "readOnly"));
            if ((req || all) && !read_only) out[it.key()] = skeleton(c, it.value(), all, depth + 1);
        }
        if (alt_value.is_object())
            for (auto it = alt_value.begin(); it != alt_value.end(); ++it) out[it.key()] = it.value();
        return out;
    }
    if (type == "array") {
        json out = json::array();
        size_t n = limit(s, "minItems").value_or(0);
        if (const json* items = json_field(s, "items"))
            for (size_t i = 0; i < std::max<size_t>(n, 1) && i < 4; ++i) out.push_back(skeleton(c, *items, all, depth + 1));
        return out;
    }
    if (type == "integer" || type == "number") {
        const json* mn = json_field(s, "minimum");
        return mn && mn->is_number() ? *mn : json(0);
    }
    if (type == "boolean") return false;
    if (type == "string") {
        std::string fmt = json_string(s, "format"), pat = json_string(s, "pattern");
        std::string out;
        if (fmt == "date" || pat.find("(\\d{4})-(\\d{2})-(\\d{2})$") != std::string::npos) out = "2025-01-31";
        else if (fmt == "date-time") out = "2025-01-31T12:00:00";
        else if (fmt == "uri" || fmt == "url" || pat.rfind("^(http|https", 0) == 0) out = "https://example.com/";
        else if (fmt == "email") out = "name@example.com";
        else if (pat.find("\\d") != std::string::npos || pat.find("[0-9]") != std::string::npos) out = "1";
        if (size_t mn = limit(s, "minLength").value_or(0); out.size() < mn) out.resize(std::min<size_t>(mn, 64), 'a');
        return out;
    }
    return nullptr;
}

}  // namespace

std::string pointer_token(const std::string& key) {
    std::string out;
    for (char ch : key) {
        if (ch == '~') out += "~0";
        else if (ch == '/') out += "~1";
        else out += ch;
    }
    return out;
}

std::vector<SchemaIssue> validate_schema(const Catalogue& c, const json& schema, const json& value,
                                         const SchemaOptions& options) {
    std::vector<SchemaIssue> out;
    Validator{c, options, out}.check(schema, value, "", 0);
    return out;
}

std::string describe(const SchemaIssue& issue) {
    return (issue.pointer.empty() ? std::string("(root)") : issue.pointer) + ": " + issue.message;
}

json schema_skeleton(const Catalogue& c, const json& schema, bool all_properties) {
    return skeleton(c, schema, all_properties, 0);
}

}  // namespace pinlab
